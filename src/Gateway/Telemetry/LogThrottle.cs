namespace LogChat.Gateway.Telemetry;

/// <summary>
/// Lets one log entry of a kind through per interval and counts the ones held back meanwhile, so that what a caller
/// can cause at network speed (garbage, calls during an outage) never becomes log lines at network speed.
/// </summary>
public sealed class LogThrottle(TimeSpan interval, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _nextAt = DateTimeOffset.MinValue;
    private long _held;

    /// <summary>
    /// Counts one occurrence; true when it is to be logged, with <paramref name="count"/> the occurrences since the last
    /// one logged (this one included).
    /// </summary>
    public bool TryTake(out long count)
    {
        lock (_gate)
        {
            _held++;
            var now = clock.GetUtcNow();
            if (now < _nextAt)
            {
                count = 0;
                return false;
            }

            _nextAt = now + interval;
            count = _held;
            _held = 0;
            return true;
        }
    }
}
