using System.Diagnostics;
using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Gateway;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>
/// How many Connect streams one gateway holds, and its memory per connected client above its idle baseline:
/// clients connect in steps of a tenth of the target until it is reached or connecting fails.
/// </summary>
public static class ConnectionsScenario
{
    private const int Steps = 10;
    private const double TargetBytesPerClient = 16 * 1024;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    // Token grains are collected 2 minutes after their last call (TokenGrain's CollectionAgeLimit), checked once a
    // minute by Orleans: 3 minutes and a margin.
    private static readonly TimeSpan SteadyStateLimit = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        var target = args.Number("target", 20000);
        var progress = new ProgressLine("connections");
        var report = new ResultReport("connections", "concurrent Connect streams on one gateway and memory per client");
        report.Setup($"arguments: `{args.Describe()}`");
        report.Setup("clients connect 64 at a time in 10 steps over several HTTP/2 connections of one channel; each step waits for every stream's `connected` event, then 6 s");
        report.Setup("memory per client = (gateway RSS at N - RSS idle) / N; GC heap = managed heap after the last GC (includes garbage not yet collected)");
        report.Setup("steady state: the same clients once the gateway has collected the token grains that authenticated their streams (idle for 2 minutes); what a connected client that stays costs");
        report.Setup("target (issue 5): at least 20,000 clients, at most 16 KiB of server memory per client");

        using var channel = BenchChannels.Create(env.Gateway);
        using var probe = new GatewayProbe(env.GatewayPid, env.Metrics);
        var users = await Population.EnsureAsync(channel, env.UsersFile, target, progress, cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        var idle = await probe.SampleAsync(cancellationToken);
        report.Columns("connected", "gateway counts", "RSS", "RSS / client above idle", "GC heap", "GC heap / client above idle", "gateway CPU s", "failed");
        report.Row("0 (idle)", Figures.Count(idle.ConnectedClients), Figures.MiB(idle.RssBytes), "-", Figures.MiB(idle.GcHeapBytes), "-",
            Figures.Number(idle.CpuSeconds), "0");

        await using var crowd = new IdleCrowd(channel);
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
            report.Row(Figures.Count(alive), Figures.Count(last.ConnectedClients), Figures.MiB(last.RssBytes),
                Figures.KiB((last.RssBytes - idle.RssBytes) / Math.Max(1, alive)), Figures.MiB(last.GcHeapBytes),
                Figures.KiB((last.GcHeapBytes - idle.GcHeapBytes) / Math.Max(1, alive)), Figures.Number(last.CpuSeconds), Figures.Count(failed));
            if (step == Steps / 2)
            {
                (half, halfClients) = (last, alive);
            }

            if (failed > size / 100)
            {
                report.Note($"Stopped at step {step}: {failed} of the step's connects failed.");
                break;
            }
        }

        var held = crowd.Alive;
        var afterConnecting = (last.RssBytes - idle.RssBytes) / Math.Max(1, held);
        var measured = last;
        if (await SteadyStateAsync(probe, progress, cancellationToken) is { } settled)
        {
            var (steady, waited) = settled;
            measured = steady;
            report.Row($"{held:#,0}, steady state (+{waited.TotalSeconds:0} s)", Figures.Count(steady.ConnectedClients), Figures.MiB(steady.RssBytes),
                Figures.KiB((steady.RssBytes - idle.RssBytes) / Math.Max(1, held)), Figures.MiB(steady.GcHeapBytes),
                Figures.KiB((steady.GcHeapBytes - idle.GcHeapBytes) / Math.Max(1, held)), Figures.Number(steady.CpuSeconds), "0");
        }
        else
        {
            report.Note($"The token grains were not all collected within {SteadyStateLimit.TotalMinutes:0} minutes: no steady-state row.");
        }

        var perClient = (measured.RssBytes - idle.RssBytes) / Math.Max(1, held);
        var marginal = (last.RssBytes - half.RssBytes) / Math.Max(1, held - halfClients);
        if (await HeapCensus.TakeAsync(env.GatewayPid, Path.GetDirectoryName(Path.GetFullPath(env.UsersFile))!, cancellationToken) is { } census)
        {
            var collected = await probe.SampleAsync(cancellationToken);
            report.Row($"{held:#,0}, after a full GC (gcdump)", Figures.Count(collected.ConnectedClients), Figures.MiB(collected.RssBytes),
                Figures.KiB((collected.RssBytes - idle.RssBytes) / Math.Max(1, held)), Figures.MiB(collected.GcHeapBytes),
                Figures.KiB((collected.GcHeapBytes - idle.GcHeapBytes) / Math.Max(1, held)), Figures.Number(collected.CpuSeconds), "0");
            HeapCensus.Describe(report, census, held, $"Live heap of the gateway with {held:#,0} clients by type");
        }

        report.Note("");
        report.Note($"**Held {held:#,0} concurrent Connect streams** ({failedTotal} connects failed): {Figures.Verdict(held >= 20000)} (target 20,000); " +
            $"**{Figures.KiB(perClient)} RSS per client** above idle in the steady state: {Figures.Verdict(perClient <= TargetBytesPerClient)} (target 16 KiB; " +
            $"{Figures.KiB(afterConnecting)} right after connecting); " +
            $"marginal cost of the second half of the clients: {Figures.KiB(marginal)} RSS per client.");
        await report.PublishAsync(env.ResultsFolder, cancellationToken);
    }

    private static async Task<(GatewaySample Sample, TimeSpan Waited)?> SteadyStateAsync(GatewayProbe probe, ProgressLine progress, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < SteadyStateLimit)
        {
            var tokens = await probe.ActivationsAsync("token", cancellationToken);
            if (tokens == 0)
            {
                await Task.Delay(Settle, cancellationToken);
                return (await probe.SampleAsync(cancellationToken), Stopwatch.GetElapsedTime(start));
            }

            progress.Report($"waiting for the token grains to be collected: {tokens:#,0} left");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        return null;
    }
}
