namespace LogChat.Gateway.Reachability;

/// <summary>How the gateway measures clients' reachability (configuration section <c>LogChat:Reachability</c>).</summary>
public sealed class ReachabilityOptions
{
    public const string Section = "LogChat:Reachability";

    /// <summary>The whole dial-back's limit: TCP connect, TLS and the probe call.</summary>
    public TimeSpan DialBackTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The local address dial-backs leave from, when the gateway has another address than the one clients contact
    /// (so that a NAT that admits only the address a client contacted does not pass); empty: the system's choice.
    /// Dial-backs always leave from an ephemeral port, never the port clients contact.
    /// </summary>
    public string? DialBackSourceAddress { get; set; }

    /// <summary>Dial-back requests per user per rate-limit window.</summary>
    public int ChecksPerUser { get; set; } = 10;

    /// <summary>Dial-back requests per client address (IPv6: per /64) per rate-limit window.</summary>
    public int ChecksPerAddress { get; set; } = 30;
}
