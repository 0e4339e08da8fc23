using System.Globalization;
using Grpc.Net.Client;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>The pool of background users: registered once per bench run, then reused from the roster file.</summary>
public static class Population
{
    private const int Concurrency = 32;

    /// <summary>Returns at least <paramref name="count"/> users, registering those the roster lacks.</summary>
    public static async Task<List<BenchUser>> EnsureAsync(GrpcChannel channel, string rosterPath, int count, ProgressLine progress, CancellationToken cancellationToken)
    {
        var users = await UserRoster.LoadAsync(rosterPath, cancellationToken);
        if (users.Count >= count)
        {
            return users;
        }

        var missing = Enumerable.Range(users.Count, count - users.Count).ToList();
        var added = new List<BenchUser>();
        var gate = new Lock();
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var user = await Registration.RegisterAsync(channel, "bench-" + index.ToString("D6", CultureInfo.InvariantCulture), ct);
                lock (gate)
                {
                    added.Add(user);
                    progress.Report($"registering users: {users.Count + added.Count:#,0}/{count:#,0}");
                }
            });
        progress.Done($"registered {added.Count:#,0} users ({count:#,0} in the roster)");
        await UserRoster.AppendAsync(rosterPath, added, cancellationToken);
        return [.. users, .. added];
    }
}
