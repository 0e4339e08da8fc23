namespace LogChat.Hosting.Admin;

/// <summary>
/// The operator's endpoints of a LogChat process (section <c>LogChat:Admin</c>): a plaintext HTTP/2 port that serves
/// only gRPC health (for Kubernetes gRPC probes), an HTTP/1.1 port with Prometheus metrics and HTTP health, and a
/// on a silo, a loopback-only HTTP/1.1 port with the Orleans dashboard (reached through <c>kubectl port-forward</c>, so that its
/// basic-auth password never crosses a network in plaintext). All are off unless configured.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "LogChat:Admin";

    /// <summary>HTTP/1.1 admin endpoint (<c>/metrics</c>, <c>/healthz/live</c>, <c>/healthz/ready</c>), e.g. <c>http://0.0.0.0:9090</c>.</summary>
    public Uri? ListenUrl { get; set; }

    /// <summary>Plaintext HTTP/2 endpoint serving only <c>grpc.health.v1.Health</c>, e.g. <c>http://0.0.0.0:50052</c>.</summary>
    public Uri? HealthUrl { get; set; }

    /// <summary>HTTP/1.1 endpoint of the dashboard (<c>/dashboard</c>), on a loopback address only, e.g. <c>http://127.0.0.1:9091</c>.</summary>
    public Uri? DashboardUrl { get; set; }

    /// <summary>User name for the dashboard's basic authentication.</summary>
    public string DashboardUser { get; set; } = "admin";

    /// <summary>Password for the dashboard; the dashboard is not served while this is empty.</summary>
    public string? DashboardPassword { get; set; }

    /// <summary>Whether the dashboard is served.</summary>
    public bool DashboardEnabled => DashboardUrl is not null && !string.IsNullOrEmpty(DashboardPassword);
}
