using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Gateway;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>
/// The connections scenario's measurement against one server: samples it idle, then connects idle clients in
/// ten steps of a tenth of the target, sampling after each step, until the target is reached or a step fails.
/// Each sample is a row of the report, labelled with the server's name.
/// </summary>
/// <param name="Idle">The sample before any client connected.</param>
/// <param name="Last">The sample after the last step.</param>
/// <param name="Half">The sample after the middle step, for the marginal cost of the second half.</param>
/// <param name="HalfClients">Streams open at the middle step.</param>
/// <param name="Held">Streams open at the end.</param>
/// <param name="Failed">Connects that failed, over all steps.</param>
public sealed record ConnectionsClimb(GatewaySample Idle, GatewaySample Last, GatewaySample Half, int HalfClients, int Held, int Failed)
{
    private const int Steps = 10;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    public double PerClientBytes(GatewaySample sample) => (sample.RssBytes - Idle.RssBytes) / Math.Max(1, Held);

    public double MarginalBytes => (Last.RssBytes - Half.RssBytes) / Math.Max(1, Held - HalfClients);

    public static async Task<ConnectionsClimb> RunAsync(
        string server, IdleCrowd crowd, GatewayProbe probe, IReadOnlyList<BenchUser> users, int target,
        ResultReport report, ProgressLine progress, CancellationToken cancellationToken)
    {
        await Task.Delay(Settle, cancellationToken);
        var idle = await probe.SampleAsync(cancellationToken);
        report.Row(server, "0 (idle)", Figures.Count(idle.ConnectedClients), Figures.MiB(idle.RssBytes), "-", Figures.MiB(idle.GcHeapBytes), "-",
            Figures.Number(idle.CpuSeconds), "0");
        var last = idle;
        var half = idle;
        var halfClients = 0;
        var failedTotal = 0;
        for (var step = 1; step <= Steps; step++)
        {
            var size = (int)((long)target * step / Steps);
            var failed = await crowd.GrowToAsync(users, size, progress, cancellationToken);
            failedTotal += failed;
            await Task.Delay(Settle, cancellationToken);
            last = await probe.SampleAsync(cancellationToken);
            var alive = crowd.Alive;
            report.Row(server, Figures.Count(alive), Figures.Count(last.ConnectedClients), Figures.MiB(last.RssBytes),
                Figures.KiB((last.RssBytes - idle.RssBytes) / Math.Max(1, alive)), Figures.MiB(last.GcHeapBytes),
                Figures.KiB((last.GcHeapBytes - idle.GcHeapBytes) / Math.Max(1, alive)), Figures.Number(last.CpuSeconds), Figures.Count(failed));
            if (step == Steps / 2)
            {
                (half, halfClients) = (last, alive);
            }

            if (failed > size / 100)
            {
                report.Note($"{server}: stopped at step {step}: {failed} of the step's connects failed.");
                break;
            }
        }

        return new ConnectionsClimb(idle, last, half, halfClients, crowd.Alive, failedTotal);
    }

    /// <summary>A further sample of the same clients as a row, e.g. after waiting for a steady state.</summary>
    public void Row(ResultReport report, string server, string label, GatewaySample sample) =>
        report.Row(server, label, Figures.Count(sample.ConnectedClients), Figures.MiB(sample.RssBytes),
            Figures.KiB(PerClientBytes(sample)), Figures.MiB(sample.GcHeapBytes),
            Figures.KiB((sample.GcHeapBytes - Idle.GcHeapBytes) / Math.Max(1, Held)), Figures.Number(sample.CpuSeconds), "0");
}
