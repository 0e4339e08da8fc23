namespace LogChat.Grains.RateLimits;

/// <summary>
/// The cluster-wide counts of the rate limits whose keys hash to one shard (<see cref="QuotaShards"/>). Gateways count
/// locally and report here at most once a second, so a limit costs a call no round trip and holds across gateways
/// within that lag. Counts live in memory only: a shard whose silo fails starts its current windows from zero.
/// </summary>
public interface IQuotaShardGrain : IGrainWithIntegerKey
{
    /// <summary>Adds <paramref name="counts"/>; returns, in the same order, each key's cluster total in its window (0 for a window that ended).</summary>
    Task<int[]> Add(QuotaCount[] counts);
}
