using System.Diagnostics;
using System.Globalization;
using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Gateway;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>Chat-setup latency with and without a storm of concurrent logins (Argon2id at the gateway's default cost).</summary>
public static class LoginStormScenario
{
    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        var crowdSize = args.Number("clients", 1000);
        var stormSize = args.Number("logins", 50);
        var setups = args.Number("setups", 2000);
        var limit = args.Seconds("step-limit", 300);
        var progress = new ProgressLine("login-storm");
        var report = new ResultReport("login-storm", "chat setups while logins storm the gateway");
        report.Setup($"arguments: `{args.Describe()}`");
        report.Setup($"{crowdSize:#,0} idle clients connected; one scripted pair sets up chats in sequence as in `setup`; the storm: {stormSize} clients logging in again and again, concurrently, for as long as the setups run");
        report.Setup("storm users are registered by this scenario with the gateway's default Argon2id (m=19 MiB, t=2, at most ProcessorCount/2 hashes at once)");
        report.Setup("target (issue 5): setup p99 with the storm at most 2x its value without");

        using var channel = BenchChannels.Create(env.Gateway);
        var users = await Population.EnsureAsync(channel, env.UsersFile, crowdSize + 2, progress, cancellationToken);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var stormUsers = new List<string>();
        for (var i = 0; i < stormSize; i++)
        {
            var name = $"storm-{suffix}-{i.ToString("D3", CultureInfo.InvariantCulture)}";
            await Registration.RegisterAsync(channel, name, cancellationToken);
            stormUsers.Add(name);
            progress.Report($"registering storm users: {i + 1}/{stormSize}");
        }

        progress.Done($"registered {stormSize} storm users");
        await using var pair = await ChatSetupPair.ConnectAsync(channel, users[0], users[1], cancellationToken);
        await using var crowd = IdleCrowdProcess.Start(env, 2, "login-storm");
        await crowd.GrowToAsync(crowdSize, cancellationToken);

        using var probe = new GatewayProbe(env.GatewayPid, env.Metrics);
        var calmLoad = await PhaseLoad.StartAsync(probe, cancellationToken);
        var (calm, calmErrors) = await SetupMeasurement.RunAsync(pair, 100, setups, limit, progress, cancellationToken);
        var calmUse = await calmLoad.StopAsync(cancellationToken);
        var logins = new LatencyHistogram();
        var loginErrors = 0;
        using var stormStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stormChannel = BenchChannels.Create(env.Gateway);
        var storm = stormUsers.Select(name => Task.Run(async () =>
        {
            while (!stormStop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await Registration.LoginAsync(stormChannel, name, stormStop.Token);
                    logins.RecordSince(start);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException && !stormStop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref loginErrors);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException && stormStop.IsCancellationRequested)
                {
                    return;
                }
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var stormLoad = await PhaseLoad.StartAsync(probe, cancellationToken);
        var (stormy, stormyErrors) = await SetupMeasurement.RunAsync(pair, 0, setups, limit, progress, cancellationToken);
        var stormUse = await stormLoad.StopAsync(cancellationToken);
        await stormStop.CancelAsync();
        await Task.WhenAll(storm);

        var ratio = stormy.Milliseconds(99) / calm.Milliseconds(99);
        report.Columns("condition", "setup p50", "setup p99", "setup p99.9", "setups", "errors", "logins done", "login p50", "login p99",
            "gateway CPU (cores)", "machine CPU busy", "p99 vs calm", "target");
        report.Row("no storm", Figures.Ms(calm.Milliseconds(50)), Figures.Ms(calm.Milliseconds(99)), Figures.Ms(calm.Milliseconds(99.9)),
            Figures.Count(calm.Count), Figures.Count(calmErrors), "-", "-", "-",
            Figures.Number(calmUse.GatewayCores, "0.00"), Figures.Percent(calmUse.MachineBusy), "1.00x", "-");
        report.Row($"{stormSize} concurrent logins", Figures.Ms(stormy.Milliseconds(50)), Figures.Ms(stormy.Milliseconds(99)), Figures.Ms(stormy.Milliseconds(99.9)),
            Figures.Count(stormy.Count), Figures.Count(stormyErrors), Figures.Count(logins.Count) + (loginErrors > 0 ? $" ({loginErrors} failed)" : string.Empty),
            Figures.Ms(logins.Milliseconds(50)), Figures.Ms(logins.Milliseconds(99)),
            Figures.Number(stormUse.GatewayCores, "0.00"), Figures.Percent(stormUse.MachineBusy), Figures.Ratio(ratio), Figures.Verdict(ratio <= 2));
        await report.PublishAsync(env.ResultsFolder, cancellationToken);
    }
}
