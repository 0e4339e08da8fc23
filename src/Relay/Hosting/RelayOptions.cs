using System.Net;

namespace LogChat.Relay.Hosting;

/// <summary>One relay process (configuration section <c>LogChat:Relay</c>); every value is checked at start.</summary>
public sealed class RelayOptions
{
    public const string Section = "LogChat:Relay";

    /// <summary>This relay's identity: tickets name it, and the relay refuses tickets for any other (1-64 UTF-8 bytes).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The IP address the relay port binds (<c>0.0.0.0</c> or <c>::</c> for every interface).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port clients connect to with their tickets. It speaks the relay's framing only, no HTTP.</summary>
    public int Port { get; set; } = 50061;

    /// <summary>How long a connection may take to send its whole ticket.</summary>
    public TimeSpan TicketTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the first side of a session waits for the second before it is refused with <c>no_peer</c>.</summary>
    public TimeSpan PairingWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most bytes one pair may carry, both directions together; then both connections close.</summary>
    public long MaxBytesPerPair { get; set; } = 512L * 1024 * 1024;

    /// <summary>The longest a pair may last; then both connections close.</summary>
    public TimeSpan MaxPairDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long a pair may carry no byte in either direction before both connections close.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most sessions (waiting or paired) at once; a new session beyond it is refused with <c>full</c>.</summary>
    public int MaxPairs { get; set; } = 1000;

    /// <summary>The most connections at once from one IPv4 address or one IPv6 /64; more are refused with <c>address_limit</c>.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 64;

    /// <summary>On shutdown, how long running pairs may go on before they are closed.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Host names or IP addresses of every process that serves this relay identity (a Kubernetes headless Service
    /// resolves to all its pods). Each session is paired by one of them, chosen from the session id; a process that
    /// gets a side it does not pair forwards it there. Empty: this process pairs every session itself.
    /// </summary>
    public string[] Peers { get; set; } = [];

    /// <summary>This process's own address among <see cref="Peers"/>; empty means <see cref="ListenAddress"/>.</summary>
    public string SelfAddress { get; set; } = string.Empty;

    /// <summary>The port on which the processes of one relay identity take each other's forwarded sides (only with <see cref="Peers"/>).</summary>
    public int ForwardPort { get; set; } = 50063;

    /// <summary>How often the addresses of <see cref="Peers"/> are resolved again.</summary>
    public TimeSpan PeersRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>This process's address among the peers, or null when it has none (the validator refuses that with peers).</summary>
    public IPAddress? SelfPeerAddress() =>
        IPAddress.TryParse(string.IsNullOrEmpty(SelfAddress) ? ListenAddress : SelfAddress, out var address)
        && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? address
            : null;
}
