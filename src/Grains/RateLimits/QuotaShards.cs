namespace LogChat.Grains.RateLimits;

/// <summary>Which <see cref="IQuotaShardGrain"/> counts a key: the same on every gateway, whatever process it runs in.</summary>
public static class QuotaShards
{
    /// <summary>
    /// Enough shards that the counting spreads over the silos, few enough that a gateway's report is one small batch
    /// per shard. Every gateway must agree on it: changing it splits a key's count during a rollout.
    /// </summary>
    public const int Count = 16;

    /// <summary>The shard of <paramref name="key"/>, by FNV-1a: string.GetHashCode differs between processes.</summary>
    public static int Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }
}
