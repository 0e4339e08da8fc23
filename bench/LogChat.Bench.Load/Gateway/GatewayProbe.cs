using System.Globalization;

namespace LogChat.Bench.Load.Gateway;

/// <summary>Reads a LogChat process's memory and CPU from /proc and its Prometheus endpoint (the gateway's, or the relay's).</summary>
public sealed class GatewayProbe(int pid, Uri metrics) : IDisposable
{
    private static readonly double ClockTicksPerSecond = 100; // USER_HZ, 100 on Linux
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<GatewaySample> SampleAsync(CancellationToken cancellationToken)
    {
        var scrape = await PrometheusText.ReadAsync(_http, metrics, cancellationToken);
        return new GatewaySample(
            ReadRssBytes(),
            scrape.Sum("dotnet_gc_last_collection_heap_size_bytes"),
            ReadCpuSeconds(),
            scrape.Sum("logchat_gateway_connected_clients"),
            scrape.Sum("dotnet_gc_collections_total"));
    }

    /// <summary>The gateway silo's activations of one grain type (0 when it holds none).</summary>
    public async Task<double> ActivationsAsync(string grainType, CancellationToken cancellationToken)
    {
        var scrape = await PrometheusText.ReadAsync(_http, metrics, cancellationToken);
        return scrape.Sum("orleans_catalog_activations", $"grain_type=\"{grainType}\"") is var count && double.IsNaN(count) ? 0 : count;
    }

    /// <summary>One metric of the process's /metrics, summed over its label sets (NaN when not exported).</summary>
    public async Task<double> SumAsync(string metric, CancellationToken cancellationToken) =>
        (await PrometheusText.ReadAsync(_http, metrics, cancellationToken)).Sum(metric);

    public void Dispose() => _http.Dispose();

    private double ReadRssBytes()
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
        return double.Parse(kib, CultureInfo.InvariantCulture) * 1024;
    }

    private double ReadCpuSeconds()
    {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / ClockTicksPerSecond;
    }
}
