using System.Globalization;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>A gateway with its admin endpoints (metrics, HTTP health, dashboard) and its gRPC health port.</summary>
public sealed class AdminGatewayServer : GatewayServer
{
    public const string DashboardPassword = "dashboard secret";

    public Uri AdminAddress { get; } = new($"http://127.0.0.1:{LogChat.Testing.LoopbackPorts.GetFree()}");

    public Uri HealthAddress { get; } = new($"http://127.0.0.1:{LogChat.Testing.LoopbackPorts.GetFree()}");

    public Uri DashboardAddress { get; } = new($"http://127.0.0.1:{LogChat.Testing.LoopbackPorts.GetFree()}");

    /// <summary>The current value of a Prometheus sample whose name starts with <paramref name="metric"/> (summed over its labels).</summary>
    public async Task<double> ScrapeAsync(string metric)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(AdminAddress, "/metrics"));
        return text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && (line[metric.Length] is ' ' or '{'))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:Admin:ListenUrl", AdminAddress.ToString()),
        new("LogChat:Admin:HealthUrl", HealthAddress.ToString()),
        new("LogChat:Admin:DashboardUrl", DashboardAddress.ToString()),
        new("LogChat:Admin:DashboardPassword", DashboardPassword),
    ];
}
