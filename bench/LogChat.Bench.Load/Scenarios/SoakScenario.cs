using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Database;
using LogChat.Bench.Load.Gateway;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>
/// N clients churn for M minutes (connect, set up a chat, end it, disconnect, pause); afterwards no
/// session may be left unended, and the gateway's memory at the end is compared with its start.
/// </summary>
public static class SoakScenario
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AfterChurn = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        var clients = args.Number("clients", 1000) / 2 * 2;
        var duration = TimeSpan.FromMinutes(args.Number("minutes", 10));
        var think = TimeSpan.FromMilliseconds(args.Number("think-ms", 1000));
        var warmup = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, duration.Ticks / 5));
        var progress = new ProgressLine("soak");
        var report = new ResultReport("soak", "clients churning: connect, chat, end, disconnect");
        report.Setup($"arguments: `{args.Describe()}`");
        report.Setup($"{clients / 2:#,0} pairs, each in a loop: open both Connect streams, set up a chat (scripted, as in `setup`), end it, close both streams, pause {think.TotalMilliseconds:0} ms");
        report.Setup($"memory start = first sample after {warmup.TotalSeconds:0} s of churn, end = last sample before the churn stops (samples every {SampleInterval.TotalSeconds:0} s); " +
            $"since RSS saws with the gen0 collections (up to the 16 MiB gen0 budget), also the medians of the minute from {warmup.TotalSeconds:0} s and of the last minute, and the target is judged on those; RSS by minute below the table");
        report.Setup("stuck = rows of `sessions` started during the soak whose state is not 'ended', read after every client stopped and the disconnect grace passed");
        report.Setup("target (issue 5, 1,000 clients, 10 minutes): 0 stuck sessions, memory growth under 10 %");

        using var channel = BenchChannels.Create(env.Gateway);
        using var probe = new GatewayProbe(env.GatewayPid, env.Metrics);
        var users = await Population.EnsureAsync(channel, env.UsersFile, clients, progress, cancellationToken);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var pairs = new List<ChatSetupPair>();
        for (var i = 0; i + 1 < clients; i += 2)
        {
            var pair = await ChatSetupPair.ConnectAsync(channel, users[i], users[i + 1], cancellationToken);
            await pair.DisconnectAsync();
            pairs.Add(pair);
            progress.Report($"preparing pairs: {pairs.Count}/{clients / 2}");
        }

        progress.Done($"{pairs.Count} pairs ready");
        var start = DateTime.UtcNow;
        var samples = new List<(TimeSpan At, GatewaySample Sample)>();
        var cycles = 0;
        var errors = 0;
        using var churnStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        churnStop.CancelAfter(duration);
        var churn = pairs.Select(pair => Task.Run(async () =>
        {
            while (!churnStop.IsCancellationRequested)
            {
                try
                {
                    await pair.ReconnectAsync(churnStop.Token);
                    await pair.SetUpOnceAsync(churnStop.Token);
                    Interlocked.Increment(ref cycles);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or TimeoutException or InvalidOperationException && !churnStop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException && churnStop.IsCancellationRequested)
                {
                    // The soak is over; a cycle cut short still ends its session below (disconnect, then the grace).
                }

                await pair.DisconnectAsync();
                await Task.Delay(think * Random.Shared.NextDouble() * 2, CancellationToken.None);
            }
        })).ToList();

        while (!churnStop.IsCancellationRequested)
        {
            var at = DateTime.UtcNow - start;
            samples.Add((at, await probe.SampleAsync(cancellationToken)));
            progress.Report($"{at.TotalMinutes:0.0}/{duration.TotalMinutes:0} min, {cycles:#,0} cycles, {errors} errors, gateway RSS {Figures.MiB(samples[^1].Sample.RssBytes)}");
            await Task.WhenAny(Task.Delay(SampleInterval, cancellationToken), Task.Delay(Timeout.Infinite, churnStop.Token));
        }

        await Task.WhenAll(churn);
        progress.Done($"churn over: {cycles:#,0} cycles, {errors} errors");
        await Task.Delay(AfterChurn, cancellationToken);
        var after = await probe.SampleAsync(cancellationToken);
        var (started, notEnded) = await SessionAudit.CountAsync(BenchEnvironment.DatabaseConnectionString, since, cancellationToken);
        var census = await HeapCensus.TakeAsync(env.GatewayPid, Path.GetDirectoryName(Path.GetFullPath(env.UsersFile))!, cancellationToken);
        foreach (var pair in pairs)
        {
            await pair.DisposeAsync();
        }

        var first = samples.FirstOrDefault(s => s.At >= warmup, samples[^1]).Sample;
        var last = samples[^1].Sample;
        var growth = (last.RssBytes - first.RssBytes) / first.RssBytes;
        var firstMinute = MedianRss(samples.Where(s => s.At >= warmup && s.At < warmup + Minute));
        var lastMinute = MedianRss(samples.Where(s => s.At > samples[^1].At - Minute));
        var medianGrowth = (lastMinute - firstMinute) / firstMinute;
        report.Columns("clients", "minutes", "cycles", "errors", "sessions started", "stuck", "RSS start", "RSS end", "RSS growth",
            "RSS start, median of a minute", "RSS end, median of the last minute", "median growth", "RSS max",
            "GC heap start", "GC heap end", "RSS after churn", "target");
        report.Row(Figures.Count(clients), Figures.Number(duration.TotalMinutes, "0"), Figures.Count(cycles), Figures.Count(errors), Figures.Count(started),
            Figures.Count(notEnded), Figures.MiB(first.RssBytes), Figures.MiB(last.RssBytes), Figures.Percent(growth),
            Figures.MiB(firstMinute), Figures.MiB(lastMinute), Figures.Percent(medianGrowth),
            Figures.MiB(samples.Max(s => s.Sample.RssBytes)), Figures.MiB(first.GcHeapBytes), Figures.MiB(last.GcHeapBytes), Figures.MiB(after.RssBytes),
            Figures.Verdict(notEnded == 0 && medianGrowth < 0.10));
        report.Note("RSS by minute of churn (median of its samples): " +
            string.Join(", ", samples.GroupBy(s => (int)s.At.TotalMinutes).Select(minute => Figures.MiB(MedianRss(minute)))) + ".");
        if (census is not null)
        {
            HeapCensus.Describe(report, census, clients, $"Live heap of the gateway after the churn ({cycles:#,0} chats set up and ended) by type");
        }

        await report.PublishAsync(env.ResultsFolder, cancellationToken);
    }

    private static double MedianRss(IEnumerable<(TimeSpan At, GatewaySample Sample)> samples)
    {
        var rss = samples.Select(s => s.Sample.RssBytes).Order().ToList();
        return rss.Count == 0 ? double.NaN : rss[rss.Count / 2];
    }
}
