namespace LogChat.Gateway.RateLimiting;

/// <summary>
/// Request limits (configuration section <c>LogChat:RateLimits</c>), each a count per window, held cluster-wide: every
/// gateway counts locally and reports to the cluster each <see cref="SyncInterval"/>. Addresses count as an IPv4
/// address or an IPv6 /64.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "LogChat:RateLimits";

    /// <summary>The window every limit counts over; windows are aligned to the clock, so all gateways share them.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a gateway reports its counts and learns the cluster's: how far a limit may lag behind.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Calls of any RPC per signed-in user.</summary>
    public int CallsPerUser { get; set; } = 300;

    /// <summary>Calls of any RPC per client address, signed in or not (a NAT shares it between its users).</summary>
    public int CallsPerAddress { get; set; } = 3000;

    /// <summary>Login attempts per client address.</summary>
    public int LoginsPerAddress { get; set; } = 60;

    /// <summary>Failed logins of one username that cost nothing; after them each failure doubles the wait.</summary>
    public int LoginFreeFailures { get; set; } = 5;

    /// <summary>The wait after the first failure past the free ones.</summary>
    public TimeSpan LoginBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between login attempts of one username, however many failed: never a lockout.</summary>
    public TimeSpan LoginBackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Registrations per client address.</summary>
    public int RegistrationsPerAddress { get; set; } = 10;

    /// <summary>Chat requests per user.</summary>
    public int ChatRequestsPerUser { get; set; } = 30;

    /// <summary>User lookups (GetUser: identity key and whether online) per caller.</summary>
    public int UserLookupsPerUser { get; set; } = 60;
}
