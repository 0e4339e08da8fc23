using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;
using LogChat.Grains.Auth;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Connections;

/// <summary>
/// One open Connect stream of a client: the events waiting to be written to it, for one reader (the stream's pump)
/// and any number of writers. A lock, a queue and one reusable wait stand in for a bounded channel, whose
/// preallocated waiters cost a gateway of idle clients more than all of this per stream (docs/benchmarks.md).
/// </summary>
public sealed class ClientConnection : IValueTaskSource<bool>
{
    /// <summary>Events a stream may have waiting; one more and the client is disconnected as too slow.</summary>
    public const int MaxQueuedEvents = 256;

    private readonly Lock _gate = new();
    private readonly Queue<ServerEvent> _events = new();
    private readonly CancellationTokenSource _abort;
    private ManualResetValueTaskSourceCore<bool> _readerWake = new() { RunContinuationsAsynchronously = true };
    private bool _readerWaiting;
    private bool _closed;
    private bool _overflowed;
    private string? _revokedBecause;

    /// <param name="connectionId">This stream's id, as presence knows it.</param>
    /// <param name="userId">The user whose stream it is.</param>
    /// <param name="token">The token the stream was opened with.</param>
    /// <param name="abort">Cancelled when the stream ends for any reason; this connection cancels it when the client is too slow or its token is revoked.</param>
    public ClientConnection(Guid connectionId, Guid userId, StreamToken token, CancellationTokenSource abort)
    {
        ConnectionId = connectionId;
        UserId = userId;
        Token = token;
        _abort = abort;
        abort.Token.UnsafeRegister(static connection => ((ClientConnection)connection!).Discard(), this);
    }

    public Guid ConnectionId { get; }

    public Guid UserId { get; }

    public StreamToken Token { get; }

    /// <summary>Why the stream's token no longer holds (revoked or expired), once it was ended for that; otherwise null.</summary>
    public string? RevokedBecause
    {
        get
        {
            lock (_gate)
            {
                return _revokedBecause;
            }
        }
    }

    /// <summary>True once an event found the queue full: the stream was aborted because the client did not keep up.</summary>
    public bool Overflowed
    {
        get
        {
            lock (_gate)
            {
                return _overflowed;
            }
        }
    }

    /// <summary>Queues a last event and ends the stream once it has been written.</summary>
    public void Close(ServerEvent lastEvent)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_events.Count < MaxQueuedEvents)
            {
                _events.Enqueue(lastEvent);
            }

            _closed = true;
            WakeReader(_events.Count > 0);
        }
    }

    /// <summary>
    /// Queues an event; a client too slow to take its events is disconnected rather than buffered without end.
    /// After <see cref="Close"/> events are dropped.
    /// </summary>
    public void Post(ServerEvent serverEvent)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_events.Count < MaxQueuedEvents)
            {
                _events.Enqueue(serverEvent);
                WakeReader(true);
                return;
            }

            _overflowed = true;
        }

        // Outside the lock: cancelling runs this connection's own registration, which takes it.
        _abort.Cancel();
    }

    /// <summary>Ends the stream at once, events still queued dropped: its token was revoked or expired.</summary>
    public void Revoke(string reason)
    {
        lock (_gate)
        {
            _revokedBecause ??= reason;
        }

        // Outside the lock, as in Post; it also ends a write the client left stuck in flow control.
        _abort.Cancel();
    }

    /// <summary>
    /// Completes with true once an event is waiting, with false once the stream is closed and drained or aborted.
    /// One reader only, which awaits each result before asking again.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_gate)
        {
            if (_events.Count > 0 || _closed)
            {
                return new ValueTask<bool>(_events.Count > 0);
            }

            _readerWake.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _readerWake.Version);
        }
    }

    public bool TryRead([MaybeNullWhen(false)] out ServerEvent serverEvent)
    {
        lock (_gate)
        {
            return _events.TryDequeue(out serverEvent);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _readerWake.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _readerWake.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _readerWake.OnCompleted(continuation, state, token, flags);

    // The stream is over (the client left, the call ended, or it was too slow): nothing more will be written.
    private void Discard()
    {
        lock (_gate)
        {
            _closed = true;
            _events.Clear();
            WakeReader(false);
        }
    }

    private void WakeReader(bool eventWaiting)
    {
        if (_readerWaiting)
        {
            _readerWaiting = false;
            _readerWake.SetResult(eventWaiting);
        }
    }
}
