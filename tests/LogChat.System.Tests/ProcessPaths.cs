using System.Reflection;

namespace LogChat.System.Tests;

/// <summary>The built main assemblies of the processes under test, recorded at build time by the project file.</summary>
internal static class ProcessPaths
{
    public static string Gateway => Find("LogChat.Gateway");

    public static string Silo => Find("LogChat.Silo");

    public static string Client => Find("logchat");

    private static string Find(string assemblyName) =>
        typeof(ProcessPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == assemblyName)?.Value
        ?? throw new InvalidOperationException($"The build did not record where {assemblyName} is.");
}
