namespace LogChat.Gateway.RateLimiting;

/// <summary>Per-gateway request limits (configuration section <c>LogChat:RateLimits</c>); each is a count per window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "LogChat:RateLimits";

    /// <summary>The window every limit counts over.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Login attempts per username.</summary>
    public int LoginsPerUsername { get; set; } = 10;

    /// <summary>Login attempts per client address.</summary>
    public int LoginsPerAddress { get; set; } = 60;

    /// <summary>Registrations per client address.</summary>
    public int RegistrationsPerAddress { get; set; } = 10;

    /// <summary>Chat requests per user.</summary>
    public int ChatRequestsPerUser { get; set; } = 30;

    /// <summary>User lookups (GetUser: identity key and whether online) per caller.</summary>
    public int UserLookupsPerUser { get; set; } = 60;
}
