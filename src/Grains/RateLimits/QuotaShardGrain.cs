namespace LogChat.Grains.RateLimits;

/// <summary>Keeps each key's count in its newest window; every gateway reports each second, so it is never idle for long while in use.</summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed class QuotaShardGrain(TimeProvider clock) : LogChatGrain, IQuotaShardGrain
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, WindowCount> _counts = new(StringComparer.Ordinal);
    private DateTimeOffset _prunedAt;

    public Task<int[]> Add(QuotaCount[] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        PruneEndedWindows();
        var totals = new int[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            var (key, windowEnd, added) = counts[i];
            if (!_counts.TryGetValue(key, out var current) || current.WindowEnd < windowEnd)
            {
                current = new WindowCount(windowEnd, 0);
            }

            if (current.WindowEnd == windowEnd)
            {
                current = current with { Count = (int)Math.Min(int.MaxValue, (long)current.Count + Math.Max(0, added)) };
                _counts[key] = current;
                totals[i] = current.Count;
            }
        }

        return Task.FromResult(totals);
    }

    private void PruneEndedWindows()
    {
        var now = clock.GetUtcNow();
        if (now - _prunedAt < PruneInterval)
        {
            return;
        }

        _prunedAt = now;
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var (key, count) in _counts)
        {
            if (count.WindowEnd <= nowMs)
            {
                _counts.Remove(key);
            }
        }
    }

    private readonly record struct WindowCount(long WindowEnd, int Count);
}
