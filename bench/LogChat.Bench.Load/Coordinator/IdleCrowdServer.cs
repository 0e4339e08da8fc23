using System.Globalization;
using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// The idle-crowd process (<c>idle-crowd</c>): holds a scenario's idle clients, the roster's users after the first
/// <c>--skip</c>, in a process of their own. Each line on stdin is a crowd size to grow to; once there, it prints
/// "alive failed" on stdout. It closes its streams and exits when stdin closes.
/// </summary>
public static class IdleCrowdServer
{
    public const string Command = "idle-crowd";

    public static async Task RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var env = BenchEnvironment.From(args);
        var users = (await UserRoster.LoadAsync(env.UsersFile, cancellationToken)).Skip(args.Number("skip", 0)).ToList();
        var progress = new ProgressLine(args.Text("scenario", Command));
        using var channel = BenchChannels.Create(env.Gateway);
        await using var crowd = new IdleCrowd(channel);
        while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            var target = Math.Min(int.Parse(line, CultureInfo.InvariantCulture), users.Count);
            var failed = await crowd.GrowToAsync(users, target, progress, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{crowd.Alive} {failed}"));
        }
    }
}
