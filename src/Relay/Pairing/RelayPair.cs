using System.Buffers;
using System.IO.Pipelines;
using LogChat.Relay.Hosting;
using LogChat.Relay.Telemetry;
using Microsoft.AspNetCore.Connections;

namespace LogChat.Relay.Pairing;

/// <summary>
/// Two paired connections copying bytes both ways, unchanged and unread, with back-pressure: a side's input is
/// consumed only as fast as the other side's output drains. Ends on the first of: a side closing, the byte limit,
/// the duration limit, the idle timeout, a drain.
/// </summary>
internal sealed class RelayPair : IDisposable
{
    private readonly ConnectionContext _first;
    private readonly ConnectionContext _second;
    private readonly RelayOptions _options;
    private readonly RelayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _idleTimer;
    private long _bytes;
    private long _lastActivity;
    private int _ended;
    private PairEnd _end;

    public RelayPair(ConnectionContext first, ConnectionContext second, RelayOptions options, RelayMetrics metrics, TimeProvider time)
    {
        _first = first;
        _second = second;
        _options = options;
        _metrics = metrics;
        _time = time;
        _lastActivity = time.GetTimestamp();
    }

    /// <summary>Bytes copied so far, both directions.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Copies until the pair ends; returns why it ended.</summary>
    public async Task<PairEnd> RunAsync()
    {
        using var idle = _idleTimer = _time.CreateTimer(_ => CheckIdle(), null, _options.IdleTimeout, Timeout.InfiniteTimeSpan);
        using var duration = _time.CreateTimer(_ => End(PairEnd.DurationLimit), null, _options.MaxPairDuration, Timeout.InfiniteTimeSpan);
        var toSecond = CopyAsync(_first.Transport.Input, _second.Transport.Output);
        var toFirst = CopyAsync(_second.Transport.Input, _first.Transport.Output);
        End(await await Task.WhenAny(toSecond, toFirst).ConfigureAwait(false));
        await Task.WhenAll(toSecond, toFirst).ConfigureAwait(false);
        if (_end != PairEnd.Closed)
        {
            // A limit or a drain cuts both connections at once, rather than waiting for bytes a side may never read.
            _first.Abort();
            _second.Abort();
        }

        return _end;
    }

    /// <summary>Ends the pair for <paramref name="reason"/> unless it has already ended.</summary>
    public void End(PairEnd reason)
    {
        if (Interlocked.CompareExchange(ref _ended, 1, 0) == 0)
        {
            _end = reason;
            _stop.Cancel();
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task<PairEnd> CopyAsync(PipeReader from, PipeWriter to)
    {
        var stop = _stop.Token;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(stop).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (!buffer.IsEmpty)
                {
                    // Read before AdvanceTo: afterwards the buffer's segments belong to the pipe again.
                    var length = buffer.Length;
                    if (Interlocked.Add(ref _bytes, length) > _options.MaxBytesPerPair)
                    {
                        return PairEnd.ByteLimit;
                    }

                    foreach (var segment in buffer)
                    {
                        to.Write(segment.Span);
                    }

                    from.AdvanceTo(buffer.End);
                    Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());
                    _metrics.Copied(length);
                    var flushed = await to.FlushAsync(stop).ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        return PairEnd.Closed;
                    }
                }
                else
                {
                    from.AdvanceTo(buffer.End);
                }

                if (read.IsCompleted)
                {
                    return PairEnd.Closed;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Cancelled by End (the reason is already set), or a side went away: a close either way.
            return PairEnd.Closed;
        }
    }

    private void CheckIdle()
    {
        var quiet = _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));
        if (quiet >= _options.IdleTimeout)
        {
            End(PairEnd.Idle);
        }
        else if (Volatile.Read(ref _ended) == 0)
        {
            try
            {
                _idleTimer?.Change(_options.IdleTimeout - quiet, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The pair ended meanwhile.
            }
        }
    }
}
