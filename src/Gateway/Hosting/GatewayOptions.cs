namespace LogChat.Gateway.Hosting;

/// <summary>The gRPC front end (configuration section <c>LogChat:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "LogChat:Gateway";

    /// <summary>Where clients connect. Plain <c>http://</c> is allowed only on a loopback address.</summary>
    public Uri ListenUrl { get; set; } = new("http://127.0.0.1:50051");

    /// <summary>
    /// A second port on the listen address that serves the same calls (0: none). Clients call <c>ObserveAddress</c> on
    /// both ports from one local port to measure whether their NAT maps it to one public port for every destination.
    /// </summary>
    public int ProbePort { get; set; }

    /// <summary>PFX certificate for an <c>https://</c> listen URL.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of <see cref="CertificatePath"/>, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The largest request message the gateway reads; larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024;

    /// <summary>How often an idle Connect stream gets a keep-alive event.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether the client ports serve gRPC reflection (the service description, for tools like grpcurl). Off unless
    /// configured: the public contract is coordinator.proto, and an attacker need not be handed it by the server.
    /// </summary>
    public bool Reflection { get; set; }

    /// <summary>How long a login token is accepted.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The oldest <c>logchat</c> release served (<c>MAJOR.MINOR.PATCH</c>); an older one, or a call without version
    /// headers (which counts as 0.1.0), gets FAILED_PRECONDITION naming this version. Raised only once the newer client
    /// has been out for a while (docs/operations.md, "Client versions").
    /// </summary>
    public string MinimumClientVersion { get; set; } = "0.1.0";

    /// <summary>The oldest coordinator protocol served, at most the one this gateway speaks; a call without headers counts as 2.</summary>
    public int MinimumProtocolVersion { get; set; } = 2;

    /// <summary>The ports clients reach this gateway on: the listen URL's and the probe port, if any.</summary>
    public IReadOnlyList<int> ServedPorts() => ProbePort > 0 ? [ListenUrl.Port, ProbePort] : [ListenUrl.Port];
}
