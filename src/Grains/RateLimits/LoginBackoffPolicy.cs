namespace LogChat.Grains.RateLimits;

/// <summary>
/// How failed logins of one username slow further attempts: the first <paramref name="FreeFailures"/> cost nothing,
/// then each one doubles the wait before the next attempt, from <paramref name="BaseDelay"/> up to <paramref name="MaxDelay"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LoginBackoffPolicy(
    [property: Id(0)] int FreeFailures,
    [property: Id(1)] TimeSpan BaseDelay,
    [property: Id(2)] TimeSpan MaxDelay)
{
    /// <summary>The wait after <paramref name="failures"/> failures in a row; zero within the free ones.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeFailures, 30);
        var delay = BaseDelay * (1L << doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
