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

        // Doubled step by step, stopping at the bound: a product could overflow for a long base and many failures.
        var delay = BaseDelay;
        for (var failure = FreeFailures; failure < failures && delay < MaxDelay; failure++)
        {
            delay += delay;
        }

        return delay < MaxDelay ? delay : MaxDelay;
    }
}
