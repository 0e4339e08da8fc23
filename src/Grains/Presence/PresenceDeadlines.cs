namespace LogChat.Grains.Presence;

/// <summary>
/// The next deadline (a lease to check, or the end of a disconnect grace) of every presence grain activated on this
/// silo, behind one timer. A grain timer per activation cost each connected user several times the memory of an
/// entry here (the timer, its registration and the activation's timer set; docs/benchmarks.md, connections). When
/// a deadline passes, the grain is told (in a silo: through <see cref="IPresenceGrain.CheckDeadline"/>,
/// which runs on its activation like any call), and it schedules its next deadline itself. A deadline stays until the grain
/// replaces or cancels it, and is told again every <see cref="Retry"/> meanwhile: a lost call is made up.
/// </summary>
public sealed class PresenceDeadlines : IDisposable
{
    /// <summary>
    /// Deadlines are rounded up to this, so that one tick serves the many that fall close together; short, so that a
    /// tick stays a small burst of calls that other calls do not queue behind for long (a longer tick showed in chat
    /// setup latency: docs/benchmarks.md, setup).
    /// </summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(10);

    /// <summary>How long after telling a grain its deadline passed it is told again, unless it scheduled another.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private readonly Action<Guid> _tell;
    private readonly TimeProvider _clock;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, DateTimeOffset> _deadlines = [];

    // May hold deadlines that were moved or cancelled since they were queued: a queued deadline counts only while it
    // is the one in _deadlines.
    private readonly PriorityQueue<Guid, DateTimeOffset> _queue = new();
    private DateTimeOffset? _timerDue;

    /// <param name="tell">Tells a user's presence that its deadline passed; called outside any lock, on a timer thread.</param>
    /// <param name="clock">The clock the deadlines are read against.</param>
    public PresenceDeadlines(Action<Guid> tell, TimeProvider clock)
    {
        _tell = tell;
        _clock = clock;
        _timer = clock.CreateTimer(static deadlines => ((PresenceDeadlines)deadlines!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sets (or moves) the user's one deadline.</summary>
    public void Schedule(Guid userId, DateTimeOffset deadline)
    {
        var at = RoundUp(deadline);
        lock (_gate)
        {
            if (_deadlines.TryGetValue(userId, out var current) && current == at)
            {
                return;
            }

            _deadlines[userId] = at;
            _queue.Enqueue(userId, at);
            if (_timerDue is not { } due || at < due)
            {
                ArmTimer(at);
            }
        }
    }

    /// <summary>Drops the user's deadline, if any.</summary>
    public void Cancel(Guid userId)
    {
        lock (_gate)
        {
            _deadlines.Remove(userId);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTimer()
    {
        List<Guid> due = [];
        lock (_gate)
        {
            _timerDue = null;
            var now = _clock.GetUtcNow();
            while (_queue.TryPeek(out var userId, out var at) && at <= now)
            {
                _queue.Dequeue();
                if (_deadlines.TryGetValue(userId, out var current) && current == at)
                {
                    var retry = RoundUp(now + Retry);
                    _deadlines[userId] = retry;
                    _queue.Enqueue(userId, retry);
                    due.Add(userId);
                }
            }

            if (_queue.TryPeek(out _, out var next))
            {
                ArmTimer(next);
            }
        }

        foreach (var userId in due)
        {
            _tell(userId);
        }
    }

    private void ArmTimer(DateTimeOffset at)
    {
        _timerDue = at;
        var delay = at - _clock.GetUtcNow();
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private static DateTimeOffset RoundUp(DateTimeOffset at)
    {
        var ticks = (at.UtcTicks + Resolution.Ticks - 1) / Resolution.Ticks * Resolution.Ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
