using System.Reflection;
using LogChat.Protocol.Versions;

namespace LogChat.Client;

/// <summary>
/// This program's release, from the project's <c>Version</c>: what <c>logchat --version</c> prints and what every
/// coordinator call states (<see cref="VersionHeaders"/>).
/// </summary>
public static class ClientBuild
{
    /// <summary>The release, MAJOR.MINOR.PATCH.</summary>
    public static ClientVersion Version { get; } = Read();

    private static ClientVersion Read()
    {
        var assembly = typeof(ClientBuild).Assembly.GetName().Version
            ?? throw new InvalidOperationException("logchat was built without a version.");
        return new ClientVersion(assembly.Major, assembly.Minor, assembly.Build);
    }
}
