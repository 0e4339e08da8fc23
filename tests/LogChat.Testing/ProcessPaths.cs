using System.Reflection;

namespace LogChat.Testing;

/// <summary>
/// The built main assemblies of the processes under test. A test project that runs them imports
/// <c>tests/ProcessProjects.targets</c>, which records each path in the test assembly at build time.
/// </summary>
public static class ProcessPaths
{
    public static string Gateway => Find("LogChat.Gateway");

    public static string Silo => Find("LogChat.Silo");

    public static string Client => Find("logchat");

    public static string Relay => Find("LogChat.Relay");

    // The recording is in the running test assembly, which this library cannot name: any loaded assembly may hold it.
    private static string Find(string assemblyName) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(assembly => assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            .FirstOrDefault(attribute => attribute.Key == assemblyName)?.Value
        ?? throw new InvalidOperationException(
            $"The build did not record where {assemblyName} is: the test project must import tests/ProcessProjects.targets and list it as a ProcessProject.");
}
