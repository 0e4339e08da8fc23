using System.CommandLine;
using System.Net;
using LogChat.Client.Coordinator;
using LogChat.Client.Peer;

namespace LogChat.Client.Cli;

/// <summary>The options every command takes (recursive on the root command).</summary>
public sealed class GlobalOptions
{
    public Option<string[]> Server { get; } = new("--server")
    {
        Description = "The coordinator URL; several gateways as a comma-separated list or a repeated option (tried in order, "
            + "and another one takes over when one fails). Plain http:// is accepted only for this machine; use https:// elsewhere.",
        DefaultValueFactory = _ => [CoordinatorAddress.Default],
        HelpName = "url",
        AllowMultipleArgumentsPerToken = false,
        Recursive = true,
    };

    public Option<string> Home { get; } = new("--home")
    {
        Description = "The folder holding profiles (identity keys, pins). Default: $XDG_DATA_HOME/logchat or ~/.local/share/logchat.",
        HelpName = "dir",
        Recursive = true,
    };

    public Option<string> User { get; } = new("--user")
    {
        Description = "The profile (username) to use; needed when --home holds more than one.",
        HelpName = "username",
        Recursive = true,
    };

    public Option<string> ListenAddress { get; } = new("--listen-address")
    {
        Description = "The address the listener binds when this side hosts a chat (default: every interface, IPv4 and IPv6).",
        HelpName = "ip",
        Recursive = true,
    };

    public Option<int?> ListenPort { get; } = new("--listen-port")
    {
        Description = "The TCP port peers connect to when this side hosts (default: a high port chosen once and kept in the profile). "
            + "Kept for later runs; set it to a port forwarded on your router. When it is taken, another port is used for this run.",
        HelpName = "port",
        Recursive = true,
    };

    public Option<bool> NoInbound { get; } = new("--no-inbound")
    {
        Description = "Never host a chat: open no listener and skip the reachability check, so the other side must host.",
        Recursive = true,
    };

    public Option<double> HeartbeatInterval { get; } = new("--heartbeat-interval")
    {
        Description = "Seconds between encrypted heartbeats to the peer (0.1 to 2: the protocol's longest interval is 2).",
        DefaultValueFactory = _ => HeartbeatOptions.Default.Interval.TotalSeconds,
        HelpName = "seconds",
        Recursive = true,
    };

    public Option<double> HeartbeatWindow { get; } = new("--heartbeat-window")
    {
        Description = "Seconds without a frame from the peer after which the chat ends (6 to 3600: never shorter than three of the protocol's longest intervals).",
        DefaultValueFactory = _ => HeartbeatOptions.Default.Window.TotalSeconds,
        HelpName = "seconds",
        Recursive = true,
    };

    public Option<string> PasswordFile { get; } = new("--password-file")
    {
        Description = "Read the password from the first line of this file (for scripts; /dev/fd/N reads an open descriptor). "
            + "Safer than LOGCHAT_PASSWORD, which other processes of the same user may read from /proc.",
        HelpName = "path",
        Recursive = true,
    };

    /// <summary>Adds every option to <paramref name="root"/>.</summary>
    public void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in new Option[] { Server, Home, User, ListenAddress, ListenPort, NoInbound, HeartbeatInterval, HeartbeatWindow, PasswordFile })
        {
            root.Options.Add(option);
        }
    }

    /// <summary>Reads and checks the settings; throws <see cref="ArgumentException"/> with a clear message on a bad value.</summary>
    public ClientSettings Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var servers = CoordinatorAddress.ParseList(parse.GetValue(Server) ?? [CoordinatorAddress.Default]);
        var home = parse.GetValue(Home) is { Length: > 0 } explicitHome ? Path.GetFullPath(explicitHome) : ClientSettings.DefaultHome();
        var listenAddress = PeerOptions.EveryInterface;
        if (parse.GetValue(ListenAddress) is { } requested && !IPAddress.TryParse(requested, out listenAddress))
        {
            throw new ArgumentException("--listen-address must be an IP address such as 127.0.0.1 or 0.0.0.0.");
        }

        var listenPort = parse.GetValue(ListenPort);
        if (listenPort is not (null or (> 0 and <= IPEndPoint.MaxPort)))
        {
            throw new ArgumentException($"--listen-port must be a TCP port between 1 and {IPEndPoint.MaxPort}.");
        }

        // The protocol's ranges (docs/protocol.md, "Heartbeats"): any peer that keeps them stays within any other's window.
        var interval = Seconds(parse.GetValue(HeartbeatInterval), "--heartbeat-interval", HeartbeatOptions.ShortestInterval, HeartbeatOptions.LongestInterval);
        var window = Seconds(parse.GetValue(HeartbeatWindow), "--heartbeat-window", HeartbeatOptions.ShortestWindow, HeartbeatOptions.LongestWindow);

        return new ClientSettings(
            servers,
            home,
            parse.GetValue(User),
            new InboundSettings(listenPort, parse.GetValue(NoInbound)),
            ClientSettings.PeerOptionsFrom(listenAddress, interval, window))
        {
            PasswordFile = parse.GetValue(PasswordFile) is { Length: > 0 } passwordFile ? Path.GetFullPath(passwordFile) : null,
        };
    }

    private static TimeSpan Seconds(double value, string name, TimeSpan shortest, TimeSpan longest) =>
        value >= shortest.TotalSeconds && value <= longest.TotalSeconds
            ? TimeSpan.FromSeconds(value)
            : throw new ArgumentException($"{name} must be between {shortest.TotalSeconds:0.###} and {longest.TotalSeconds:0.###} seconds.");
}
