using System.Collections.Concurrent;

namespace LogChat.Gateway.RateLimiting;

/// <summary>Counts attempts per key in fixed windows; an attempt past the limit is refused with the time until the window ends.</summary>
public sealed class FixedWindowLimiter(int limit, TimeSpan window, TimeProvider clock)
{
    private const int PruneThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one attempt; null when allowed, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string key)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > PruneThreshold)
        {
            Prune(now);
        }

        var current = _windows.AddOrUpdate(
            key,
            _ => new Window(now + window, 1),
            (_, w) => w.EndsAt <= now ? new Window(now + window, 1) : w with { Count = w.Count + 1 });
        return current.Count <= limit ? null : current.EndsAt - now;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, w) in _windows)
        {
            if (w.EndsAt <= now)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed record Window(DateTimeOffset EndsAt, int Count);
}
