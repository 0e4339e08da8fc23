using Grpc.Net.Client;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>Background clients that hold their Connect streams open and do nothing else.</summary>
public sealed class IdleCrowd(GrpcChannel channel) : IAsyncDisposable
{
    private const int OpenConcurrency = 64;
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(60);
    private readonly List<EventFeed> _streams = [];
    private readonly Lock _gate = new();

    /// <summary>Streams opened and not ended.</summary>
    public int Alive
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count(s => !s.Ended.IsCompleted);
            }
        }
    }

    /// <summary>Opens streams for <paramref name="users"/>[current count..target); returns the failures (0 when all opened).</summary>
    public async Task<int> GrowToAsync(IReadOnlyList<BenchUser> users, int target, ProgressLine progress, CancellationToken cancellationToken)
    {
        int start;
        lock (_gate)
        {
            start = _streams.Count;
        }

        var failures = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(start, Math.Max(0, target - start)),
            new ParallelOptions { MaxDegreeOfParallelism = OpenConcurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                try
                {
                    var stream = await EventFeed.OpenAsync(channel, users[index], null, OpenTimeout, ct);
                    lock (_gate)
                    {
                        _streams.Add(stream);
                        progress.Report($"connecting idle clients: {_streams.Count:#,0}/{target:#,0}, {failures} failed");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        progress.Done($"idle clients connected: {Alive:#,0} ({failures} failed)");
        return failures;
    }

    public async ValueTask DisposeAsync()
    {
        List<EventFeed> streams;
        lock (_gate)
        {
            streams = [.. _streams];
            _streams.Clear();
        }

        await Parallel.ForEachAsync(streams, async (s, _) => await s.DisposeAsync());
    }
}
