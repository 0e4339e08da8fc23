using System.Net;
using LogChat.Client.Peer;

namespace LogChat.Client.Cli;

/// <summary>Everything the options common to all commands decide.</summary>
/// <param name="Servers">The coordinator's gateway URLs in order of preference (already checked: no plaintext off this machine).</param>
/// <param name="Home">The folder holding the profiles.</param>
/// <param name="User">The profile to use, or null to take the only one.</param>
/// <param name="Inbound">Whether and where this client accepts peers' connections.</param>
/// <param name="Peer">How the peer side runs.</param>
public sealed record ClientSettings(IReadOnlyList<Uri> Servers, string Home, string? User, InboundSettings Inbound, PeerOptions Peer)
{
    /// <summary>The file whose first line is the password (<c>--password-file</c>), or null.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>The default profile folder: <c>$XDG_DATA_HOME/logchat</c>, else <c>~/.local/share/logchat</c>.</summary>
    public static string DefaultHome()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome) || !Path.IsPathRooted(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "logchat");
    }

    /// <summary>Builds the peer options from the command-line values.</summary>
    public static PeerOptions PeerOptionsFrom(IPAddress listenAddress, TimeSpan heartbeatInterval, TimeSpan heartbeatWindow) =>
        PeerOptions.Default with
        {
            ListenAddress = listenAddress,
            Heartbeat = new HeartbeatOptions(heartbeatInterval, heartbeatWindow),
        };
}
