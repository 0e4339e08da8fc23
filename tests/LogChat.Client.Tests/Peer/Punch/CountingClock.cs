using Microsoft.Extensions.Time.Testing;

namespace LogChat.Client.Tests.Peer.Punch;

/// <summary>
/// A fake clock that counts the timers made on it, so that a test advances it only once the code under test waits on
/// it (each punch attempt waits on one timer for its slot).
/// </summary>
internal sealed class CountingClock(DateTimeOffset now) : FakeTimeProvider(now)
{
    private int _timers;

    public int Timers => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
