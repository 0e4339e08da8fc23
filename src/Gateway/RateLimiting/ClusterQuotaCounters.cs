using System.Collections.Concurrent;
using LogChat.Grains.RateLimits;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.RateLimiting;

/// <summary>
/// Counts attempts per key in fixed windows aligned to the clock, cluster-wide: a decision is taken locally, from
/// this gateway's count plus the cluster's total as last reported, and <see cref="SyncAsync"/> (each second) sends
/// the local counts to the key's <see cref="IQuotaShardGrain"/> and takes the new totals back. A limit so costs a call
/// no round trip and, from a key's first use on this gateway, lags the other gateways by at most one sync.
/// </summary>
public sealed partial class ClusterQuotaCounters(
    IGrainFactory grains, IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<ClusterQuotaCounters> logger)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly long _windowMs = (long)options.Value.Window.TotalMilliseconds;

    /// <summary>Counts one attempt at <paramref name="key"/>; null when within <paramref name="limit"/>, else how long until the window ends.</summary>
    public TimeSpan? TryAcquire(string key, int limit)
    {
        var now = clock.GetUtcNow();
        var windowEnd = WindowEndAt(now);
        while (true)
        {
            var counter = _counters.GetOrAdd(key, static _ => new Counter());
            lock (counter)
            {
                if (counter.Retired)
                {
                    continue;
                }

                if (counter.WindowEnd != windowEnd)
                {
                    counter.Restart(windowEnd);
                }

                counter.Unsynced++;
                return counter.Known + counter.Unsynced <= limit ? null : DateTimeOffset.FromUnixTimeMilliseconds(windowEnd) - now;
            }
        }
    }

    /// <summary>
    /// Reports the keys counted since the last sync to their shards, one batch per shard, and forgets keys of ended windows.
    /// A shard that cannot be reached keeps its counts here for the next sync.
    /// </summary>
    public async Task SyncAsync()
    {
        var windowEnd = WindowEndAt(clock.GetUtcNow());
        var batches = new Dictionary<int, List<(Counter Counter, QuotaCount Count)>>();
        foreach (var (key, counter) in _counters)
        {
            QuotaCount count;
            lock (counter)
            {
                if (counter.WindowEnd < windowEnd)
                {
                    counter.Retired = true;
                    _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
                    continue;
                }

                if (counter.Unsynced == 0)
                {
                    // Unused here since the last sync: its next use is decided on the total known then and reported
                    // at the following sync, so only keys in use cost the cluster anything.
                    continue;
                }

                count = new QuotaCount(key, counter.WindowEnd, counter.Unsynced);
            }

            var shard = QuotaShards.Of(key);
            if (!batches.TryGetValue(shard, out var batch))
            {
                batches[shard] = batch = [];
            }

            batch.Add((counter, count));
        }

        var failures = (await Task.WhenAll(batches.Select(batch => ReportAsync(batch.Key, batch.Value)))).OfType<string>().ToList();
        if (failures.Count > 0)
        {
            LogShardsUnreachable(failures.Count, batches.Count, failures[0]);
        }
    }

    /// <summary>Null when reported, else why not.</summary>
    private async Task<string?> ReportAsync(int shard, List<(Counter Counter, QuotaCount Count)> batch)
    {
        int[] totals;
        try
        {
            totals = await grains.GetGrain<IQuotaShardGrain>(shard).Add([.. batch.Select(item => item.Count)]);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return e.Message;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var (counter, count) = batch[i];
            lock (counter)
            {
                if (counter.WindowEnd == count.WindowEnd)
                {
                    counter.Unsynced -= count.Added;
                    // Never below what this gateway itself counted: a shard whose silo failed restarts from zero.
                    counter.Known = Math.Max(counter.Known + count.Added, totals[i]);
                }
            }
        }

        return null;
    }

    private long WindowEndAt(DateTimeOffset now) => (now.ToUnixTimeMilliseconds() / _windowMs + 1) * _windowMs;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} of {Shards} rate-limit shards could not be reached ({Reason}); their counts wait for the next sync")]
    private partial void LogShardsUnreachable(int failed, int shards, string reason);

    private sealed class Counter
    {
        public long WindowEnd { get; private set; }

        /// <summary>The cluster's total as the shard last reported it, this gateway's reported attempts included.</summary>
        public int Known { get; set; }

        /// <summary>Attempts counted here and not yet reported.</summary>
        public int Unsynced { get; set; }

        /// <summary>Taken out of the dictionary: an attempt that still found it counts on a fresh one.</summary>
        public bool Retired { get; set; }

        public void Restart(long windowEnd)
        {
            WindowEnd = windowEnd;
            Known = 0;
            Unsynced = 0;
        }
    }
}
