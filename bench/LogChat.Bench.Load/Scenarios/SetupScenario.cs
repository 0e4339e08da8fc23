using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Gateway;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>
/// Chat-setup latency (RequestChat until the dialler holds SessionInfo) with N idle connected clients in
/// the background, beside one sequential unary round trip to the same gateway, measured in the same state.
/// </summary>
public static class SetupScenario
{
    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        var crowdSizes = args.Numbers("clients", "1000,10000");
        var setups = args.Number("setups", 2000);
        var warmup = args.Number("warmup", 500);
        var limit = args.Seconds("step-limit", 300);
        var progress = new ProgressLine("setup");
        var report = new ResultReport("setup", "chat-setup latency with idle clients connected");
        report.Setup($"arguments: `{args.Describe()}`");
        report.Setup("setup = RequestChat until the dialler holds SessionInfo(DIAL); scripted clients accept and report HostReady at once; one pair, sequential");
        report.Setup("each crowd size starts with untimed setups (--warmup, 500 by default: with 100, the first size measured on a fresh gateway was slower at p99 than the same size measured again)");
        report.Setup("idle clients = Connect streams held by a second load-generator process, so that their heap does not pause the scripted pair");
        report.Setup("round trip = one unary gRPC round trip (grpc.health.v1 Check) to the same gateway over the same channel");
        report.Setup("DB commit / read = one committed single-row INSERT / one primary-key SELECT on the same PostgreSQL");
        report.Setup("the round trip, the commit and the read are each sampled once after every timed setup, one after the other, so that they see the machine the setups see");
        report.Setup("floor = what one setup cannot go below as designed: 3 client RPCs (RequestChat, AcceptChat, ReportHostReady) + 3 committed session writes + 1 session read (a new grain activation), at their p50s");
        report.Setup("target (issue 5, with 10,000 clients): setup p50 <= 3x and p99 <= 10x the round trip's p50");
        report.Setup("target (issue 14): setup p50 <= 2x and p99 <= 5x the floor measured in the same run");
        report.Setup("phases (below the table) = the same setups split at the moments each event reached a scripted client and each call returned");

        using var channel = BenchChannels.Create(env.Gateway);
        using var probe = new GatewayProbe(env.GatewayPid, env.Metrics);
        var users = await Population.EnsureAsync(channel, env.UsersFile, crowdSizes.Max() + 2, progress, cancellationToken);
        await using var pair = await ChatSetupPair.ConnectAsync(channel, users[0], users[1], cancellationToken);
        await using var crowd = IdleCrowdProcess.Start(env, 2, "setup");
        report.Columns("idle clients", "round trip p50", "round trip p99", "DB commit p50", "DB read p50", "floor", "setup p50", "setup p99", "setup p99.9",
            "setups", "errors", "p50 / RTT", "p99 / RTT", "p50 / floor", "p99 / floor", "gateway RSS", "target (issue 5)", "target (issue 14)");
        foreach (var size in crowdSizes)
        {
            var failed = await crowd.GrowToAsync(size, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await pair.MeasureAgainAsync(cancellationToken);
            await using var chain = await ChainFloor.OpenAsync(channel, BenchEnvironment.DatabaseConnectionString, cancellationToken);
            var phases = new SetupPhases();
            // The load generator's own garbage (registering the population, the previous phase) is not the setups'.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var gcBefore = await GcSoFarAsync(probe, cancellationToken);
            var ownCollectionsBefore = GC.CollectionCount(0);
            var ownPauseBefore = GC.GetTotalPauseDuration();
            var load = await PhaseLoad.StartAsync(probe, cancellationToken);
            var (setup, errors) = await SetupMeasurement.RunAsync(pair, warmup, setups, limit, progress, cancellationToken, phases, chain.SampleAsync);
            var (rtt, commit, read, floor) = (chain.RoundTrip, chain.Commit, chain.Read, chain.Milliseconds(50));
            var (gatewayCores, machineBusy) = await load.StopAsync(cancellationToken);
            var gcAfter = await GcSoFarAsync(probe, cancellationToken);
            var ownCollections = GC.CollectionCount(0) - ownCollectionsBefore;
            var ownPause = GC.GetTotalPauseDuration() - ownPauseBefore;
            var sample = await probe.SampleAsync(cancellationToken);
            var p50Ratio = setup.Milliseconds(50) / rtt.Milliseconds(50);
            var p99Ratio = setup.Milliseconds(99) / rtt.Milliseconds(50);
            var p50OfFloor = setup.Milliseconds(50) / floor;
            var p99OfFloor = setup.Milliseconds(99) / floor;
            var failures = errors + pair.Initiator.Failures + pair.Responder.Failures;
            report.Row(
                Figures.Count(crowd.Alive) + (failed > 0 ? $" ({failed} failed)" : string.Empty),
                Figures.Ms(rtt.Milliseconds(50)), Figures.Ms(rtt.Milliseconds(99)),
                Figures.Ms(commit.Milliseconds(50)), Figures.Ms(read.Milliseconds(50)), Figures.Ms(floor),
                Figures.Ms(setup.Milliseconds(50)), Figures.Ms(setup.Milliseconds(99)), Figures.Ms(setup.Milliseconds(99.9)),
                Figures.Count(setup.Count), Figures.Count(failures),
                Figures.Ratio(p50Ratio), Figures.Ratio(p99Ratio), Figures.Ratio(p50OfFloor), Figures.Ratio(p99OfFloor), Figures.MiB(sample.RssBytes),
                Figures.Verdict(p50Ratio <= 3 && p99Ratio <= 10 && failures == 0),
                Figures.Verdict(p50OfFloor <= 2 && p99OfFloor <= 5 && failures == 0));
            NotePhases(report, crowd.Alive, phases);
            var chainAtP99 = chain.Milliseconds(99);
            report.Note("");
            report.Note($"The parts' tails in the same state: round trip p99 {Figures.Ms(rtt.Milliseconds(99))}, DB commit p99 {Figures.Ms(commit.Milliseconds(99))}, " +
                $"DB read p99 {Figures.Ms(read.Milliseconds(99))}; the floor's chain with every part at its p99: {Figures.Ms(chainAtP99)}. During the setups (warm-up and the parts' samples included): " +
                $"gateway {Figures.Number(gatewayCores, "0.00")} cores, machine {Figures.Percent(machineBusy)} busy; gateway GC {Figures.Count(gcAfter.Collections - gcBefore.Collections)} collections, " +
                $"{Figures.Ms((gcAfter.PauseSeconds - gcBefore.PauseSeconds) * 1000)} paused in all; the load generator (the scripted pair; the idle clients are in a process of their own) " +
                $"GC {Figures.Count(ownCollections)} collections, {Figures.Ms(ownPause.TotalMilliseconds)} paused in all.");
        }

        await report.PublishAsync(env.ResultsFolder, cancellationToken);
    }

    private static async Task<(double Collections, double PauseSeconds)> GcSoFarAsync(GatewayProbe probe, CancellationToken cancellationToken) =>
        (await probe.SumAsync("dotnet_gc_collections_total", cancellationToken), await probe.SumAsync("dotnet_gc_pause_time_seconds_total", cancellationToken));

    private static void NotePhases(ResultReport report, int idleClients, SetupPhases phases)
    {
        report.Note("");
        report.Note($"Phases with {Figures.Count(idleClients)} idle clients:");
        report.Note("");
        report.Note("| phase | p50 | p99 |");
        report.Note("|---|---|---|");
        foreach (var (phase, latency) in phases.All)
        {
            report.Note($"| {phase} | {Figures.Ms(latency.Milliseconds(50))} | {Figures.Ms(latency.Milliseconds(99))} |");
        }
    }
}
