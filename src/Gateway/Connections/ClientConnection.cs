using System.Threading.Channels;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Connections;

/// <summary>One open Connect stream of a client: the events waiting to be written to it.</summary>
public sealed class ClientConnection(Guid connectionId, Guid userId, CancellationTokenSource abort)
{
    /// <summary>Events a stream may have waiting; one more and the client is disconnected as too slow.</summary>
    public const int MaxQueuedEvents = 256;

    private readonly Channel<ServerEvent> _events = Channel.CreateBounded<ServerEvent>(
        new BoundedChannelOptions(MaxQueuedEvents) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private bool _overflowed;

    public Guid ConnectionId { get; } = connectionId;

    public Guid UserId { get; } = userId;

    public ChannelReader<ServerEvent> Events => _events.Reader;

    /// <summary>True once an event found the queue full: the stream was aborted because the client did not keep up.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed);

    /// <summary>Queues a last event and ends the stream once it has been written.</summary>
    public void Close(ServerEvent lastEvent)
    {
        _events.Writer.TryWrite(lastEvent);
        _events.Writer.TryComplete();
    }

    /// <summary>
    /// Queues an event; a client too slow to take its events is disconnected rather than buffered without end.
    /// After <see cref="Close"/> events are dropped.
    /// </summary>
    public void Post(ServerEvent serverEvent)
    {
        // A failed write means full or closed; completing the queue succeeds only when it was not closed yet.
        if (!_events.Writer.TryWrite(serverEvent) && _events.Writer.TryComplete())
        {
            Volatile.Write(ref _overflowed, true);
            abort.Cancel();
        }
    }
}
