using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>Registers the background users every scenario draws from (bench.sh runs it once, before the scenarios).</summary>
public static class PopulateStep
{
    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        using var channel = BenchChannels.Create(env.Gateway);
        await Population.EnsureAsync(channel, env.UsersFile, args.Number("users", 1000), new ProgressLine("populate"), cancellationToken);
    }
}
