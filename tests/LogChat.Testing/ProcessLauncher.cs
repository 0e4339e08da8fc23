using System.Diagnostics;

namespace LogChat.Testing;

/// <summary>
/// How a test starts a built .NET program: on this machine as it is, or through a command prefix (such as
/// <c>ip netns exec NAME</c>) and with extra environment variables.
/// </summary>
public sealed class ProcessLauncher
{
    private readonly IReadOnlyList<string> _prefix;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private ProcessLauncher(IReadOnlyList<string> prefix, IReadOnlyDictionary<string, string> environment)
    {
        _prefix = prefix;
        _environment = environment;
    }

    /// <summary>Runs <c>dotnet ASSEMBLY</c> directly, with the test's own environment.</summary>
    public static ProcessLauncher Local { get; } = new([], new Dictionary<string, string>());

    /// <summary>Runs the program inside the network namespace <paramref name="name"/> (needs root).</summary>
    public static ProcessLauncher InNetworkNamespace(string name) => new(["ip", "netns", "exec", name], new Dictionary<string, string>());

    /// <summary>This launcher with one more environment variable set for the program.</summary>
    public ProcessLauncher With(string variable, string value) =>
        new(_prefix, new Dictionary<string, string>(_environment) { [variable] = value });

    /// <summary>
    /// A start description for <c>dotnet <paramref name="assemblyPath"/> <paramref name="arguments"/></c> with redirected
    /// output; a path that is no .dll (an installed native executable) is run as it is.
    /// </summary>
    public ProcessStartInfo StartInfo(string assemblyPath, IEnumerable<string> arguments)
    {
        string[] program = assemblyPath.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", assemblyPath] : [assemblyPath];
        string[] command = [.. _prefix, .. program, .. arguments];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (variable, value) in _environment)
        {
            start.Environment[variable] = value;
        }

        return start;
    }
}
