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
}
