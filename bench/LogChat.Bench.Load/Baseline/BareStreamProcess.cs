using System.Diagnostics;
using System.Globalization;
using LogChat.Bench.Load.Cli;

namespace LogChat.Bench.Load.Baseline;

/// <summary>
/// Runs <see cref="BareStreamServer"/> as its own process, so that its memory is measured alone, with the
/// gateway's GC settings (workstation, concurrent). Disposing closes its stdin, which stops it.
/// </summary>
public sealed class BareStreamProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private BareStreamProcess(Process process, int grpcPort, int metricsPort)
    {
        _process = process;
        Url = new Uri($"http://127.0.0.1:{grpcPort}");
        Metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
    }

    public int Pid => _process.Id;

    public Uri Url { get; }

    public Uri Metrics { get; }

    /// <summary>Makes the server run a full compacting GC, so that its next sample counts live objects only.</summary>
    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsync(new Uri(Metrics, "/collect"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<BareStreamProcess> StartAsync(CancellationToken cancellationToken)
    {
        var process = ChildLoadGenerator.Start(
            [BareStreamServer.Command],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "1" });
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(StartLimit);
            var line = await process.StandardOutput.ReadLineAsync(limit.Token)
                ?? throw new InvalidOperationException("the bare stream server exited before listening");
            var ports = line.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            return new BareStreamProcess(process, ports[0], ports[1]);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(ChildLoadGenerator.StopAsync(_process, TimeSpan.FromSeconds(30)));
}
