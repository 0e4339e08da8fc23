namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>A gateway with its admin endpoints (metrics, HTTP health, dashboard) and its gRPC health port.</summary>
public sealed class AdminGatewayServer : GatewayServer
{
    public const string DashboardPassword = "dashboard secret";

    public Uri AdminAddress { get; } = new($"http://127.0.0.1:{LogChat.Testing.LoopbackPorts.GetFree()}");

    public Uri HealthAddress { get; } = new($"http://127.0.0.1:{LogChat.Testing.LoopbackPorts.GetFree()}");

    public Uri DashboardAddress { get; } = new($"http://127.0.0.1:{LogChat.Testing.LoopbackPorts.GetFree()}");

    /// <summary>The current value of a Prometheus sample whose name starts with <paramref name="metric"/> (summed over its labels).</summary>
    public Task<double> ScrapeAsync(string metric) => LogChat.Testing.PrometheusScrape.ValueAsync(AdminAddress, metric);

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:Admin:ListenUrl", AdminAddress.ToString()),
        new("LogChat:Admin:HealthUrl", HealthAddress.ToString()),
        new("LogChat:Admin:DashboardUrl", DashboardAddress.ToString()),
        new("LogChat:Admin:DashboardPassword", DashboardPassword),
    ];
}
