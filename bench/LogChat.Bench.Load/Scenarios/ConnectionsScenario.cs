using System.Diagnostics;
using LogChat.Bench.Load.Baseline;
using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Gateway;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>
/// How many Connect streams one gateway holds, and its memory per connected client above its idle baseline;
/// beside it, in the same run, the same clients against a bare gRPC server whose Connect holds nothing: what
/// the transport alone costs per stream.
/// </summary>
public static class ConnectionsScenario
{
    private const double TargetBytesPerClient = 16 * 1024;
    private const string Bare = "bare gRPC stream";
    private const string LogChat = "LogChat gateway";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    // A steady state is sampled after this much idle time at least (the gateway's periodic work has run many times
    // over), and only once no token grain is left; token grains are released once a stream is authenticated, and an
    // activation Orleans has to collect goes 2 minutes after its last call, checked once a minute.
    private static readonly TimeSpan SteadyStateMinimum = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SteadyStateLimit = TimeSpan.FromMinutes(5);

    // An idle gateway still allocates (renewals, keep-alives), so its RSS saws up and down with its gen0 collections
    // (up to the 16 MiB gen0 budget, 0.8 KiB per client at 20,000): one sample lands anywhere on the saw. The steady
    // state is a minute of samples, and the verdict takes the highest.
    private const int SteadySamples = 12;
    private static readonly TimeSpan SteadySampleInterval = TimeSpan.FromSeconds(5);

    // The bare server does no work while its streams are idle; it is sampled again after this long to show that.
    private static readonly TimeSpan BareIdleWait = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        var target = args.Number("target", 20000);
        var progress = new ProgressLine("connections");
        var report = new ResultReport("connections", "concurrent Connect streams on one gateway and memory per client");
        report.Setup($"arguments: `{args.Describe()}`");
        report.Setup("clients connect 64 at a time in 10 steps over several HTTP/2 connections of one channel; each step waits for every stream's `connected` event, then 6 s");
        report.Setup("memory per client = (server RSS at N - RSS idle) / N; GC heap = managed heap after the last GC (includes garbage not yet collected; for the bare server, which may never collect, what its heap holds at the sample)");
        report.Setup($"{Bare} (baseline, first): the same clients against Kestrel and ASP.NET Core gRPC alone in their own process (loopback h2c, the gateway's GC settings), whose Connect writes `connected` and holds the stream with nothing behind it: what any gRPC server stream costs");
        report.Setup($"steady state: the gateway's clients after at least 3 minutes idle, once no token grain is left, sampled {SteadySamples} times {SteadySampleInterval.TotalSeconds:0} s apart (RSS saws with the gen0 collections of an idle gateway); what a connected client that stays costs, judged by the highest sample");
        report.Setup("target (issue 5): at least 20,000 clients, at most 16 KiB of server memory per client");
        report.Columns("server", "connected", "server counts", "RSS", "RSS / client above idle", "GC heap", "GC heap / client above idle", "server CPU s", "failed");

        using var channel = BenchChannels.Create(env.Gateway);
        var users = await Population.EnsureAsync(channel, env.UsersFile, target, progress, cancellationToken);
        var bare = await MeasureBareAsync(users, target, report, progress, cancellationToken);

        using var probe = new GatewayProbe(env.GatewayPid, env.Metrics);
        await using var crowd = new IdleCrowd(channel);
        var climb = await ConnectionsClimb.RunAsync(LogChat, crowd, probe, users, target, report, progress, cancellationToken);
        var measured = climb.Last;
        if (await SteadyStateAsync(probe, progress, cancellationToken) is { } settled)
        {
            var (samples, waited) = settled;
            var byRss = samples.OrderBy(sample => sample.RssBytes).ToList();
            measured = byRss[^1];
            var span = $"{SteadySamples} samples over +{waited.TotalSeconds:0} s to +{(waited + SteadySampleInterval * (SteadySamples - 1)).TotalSeconds:0} s";
            climb.Row(report, LogChat, $"{climb.Held:#,0}, steady state, median of {span}", byRss[byRss.Count / 2]);
            climb.Row(report, LogChat, $"{climb.Held:#,0}, steady state, highest of the {SteadySamples}", measured);
        }
        else
        {
            report.Note($"Token grains were still active after {SteadyStateLimit.TotalMinutes:0} minutes: no steady-state row.");
        }

        if (await HeapCensus.TakeAsync(env.GatewayPid, Path.GetDirectoryName(Path.GetFullPath(env.UsersFile))!, cancellationToken) is { } census)
        {
            climb.Row(report, LogChat, $"{climb.Held:#,0}, after a full GC (gcdump)", await probe.SampleAsync(cancellationToken));
            HeapCensus.Describe(report, census, climb.Held, $"Live heap of the gateway with {climb.Held:#,0} clients by type");
        }

        var perClient = climb.PerClientBytes(measured);
        var floor = bare.PerClientBytes(bare.Last);
        report.Note("");
        report.Note($"**Held {climb.Held:#,0} concurrent Connect streams** ({climb.Failed} connects failed): {Figures.Verdict(climb.Held >= 20000)} (target 20,000); " +
            $"**{Figures.KiB(perClient)} RSS per client** above idle in the steady state (highest sample): {Figures.Verdict(perClient <= TargetBytesPerClient)} (target 16 KiB; " +
            $"{Figures.KiB(climb.PerClientBytes(climb.Last))} right after connecting); " +
            $"marginal cost of the second half of the clients: {Figures.KiB(climb.MarginalBytes)} RSS per client.");
        report.Note($"Baseline in the same run: a bare gRPC server stream costs **{Figures.KiB(floor)} RSS per client** ({bare.Held:#,0} held, marginal " +
            $"{Figures.KiB(bare.MarginalBytes)}), {Figures.Ratio(floor / TargetBytesPerClient)} of the target; LogChat's own part is " +
            $"{Figures.KiB(perClient - floor)} per client.");
        await report.PublishAsync(env.ResultsFolder, cancellationToken);
    }

    private static async Task<ConnectionsClimb> MeasureBareAsync(IReadOnlyList<BenchUser> users, int target, ResultReport report, ProgressLine progress, CancellationToken cancellationToken)
    {
        await using var server = await BareStreamProcess.StartAsync(cancellationToken);
        using var channel = BenchChannels.Create(server.Url);
        using var probe = new GatewayProbe(server.Pid, server.Metrics);
        await using var crowd = new IdleCrowd(channel);
        var climb = await ConnectionsClimb.RunAsync(Bare, crowd, probe, users, target, report, progress, cancellationToken);
        progress.Report($"{Bare}: idle for {BareIdleWait.TotalSeconds:0} s");
        await Task.Delay(BareIdleWait, cancellationToken);
        climb.Row(report, Bare, $"{climb.Held:#,0}, after {BareIdleWait.TotalSeconds:0} s idle", await probe.SampleAsync(cancellationToken));
        await server.CollectAsync(cancellationToken);
        climb.Row(report, Bare, $"{climb.Held:#,0}, after a full GC", await probe.SampleAsync(cancellationToken));
        return climb;
    }

    private static async Task<(List<GatewaySample> Samples, TimeSpan Waited)?> SteadyStateAsync(GatewayProbe probe, ProgressLine progress, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < SteadyStateLimit)
        {
            var tokens = await probe.ActivationsAsync("token", cancellationToken);
            if (tokens == 0 && Stopwatch.GetElapsedTime(start) >= SteadyStateMinimum)
            {
                await Task.Delay(Settle, cancellationToken);
                var waited = Stopwatch.GetElapsedTime(start);
                List<GatewaySample> samples = [];
                while (samples.Count < SteadySamples)
                {
                    progress.Report($"steady state: sample {samples.Count + 1} of {SteadySamples}");
                    samples.Add(await probe.SampleAsync(cancellationToken));
                    if (samples.Count < SteadySamples)
                    {
                        await Task.Delay(SteadySampleInterval, cancellationToken);
                    }
                }

                return (samples, waited);
            }

            progress.Report($"idle for the steady state: {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s, {tokens:#,0} token grains left");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        return null;
    }
}
