using System.Security.Cryptography;

namespace LogChat.Client.Coordinator;

/// <summary>
/// Exponential backoff with jitter between reconnect attempts, so that clients of a gateway that
/// died do not all return in the same instant.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        _initial = initial;
        _maximum = maximum;
    }

    /// <summary>The wait before the next attempt: uniform in [c/2, c] where c = min(maximum, initial * 2^attempt).</summary>
    public TimeSpan Next()
    {
        var ceiling = Math.Min(_maximum.TotalMilliseconds, _initial.TotalMilliseconds * Math.Pow(2, _attempt));
        if (_attempt < 30)
        {
            _attempt++;
        }

        var ceilingMs = Math.Max(1, (int)ceiling);
        return TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(ceilingMs / 2, ceilingMs + 1));
    }

    /// <summary>Starts over after a successful connection.</summary>
    public void Reset() => _attempt = 0;
}
