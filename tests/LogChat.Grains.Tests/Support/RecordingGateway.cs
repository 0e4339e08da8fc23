using System.Collections.Concurrent;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;

namespace LogChat.Grains.Tests.Support;

/// <summary>Stands in for a gateway: records every event grains deliver, per Connect stream.</summary>
public sealed class RecordingGateway : IGatewayObserver
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<ClientEvent>> _events = new();
    private readonly ConcurrentDictionary<Guid, string> _ended = new();

    public Task Deliver(Guid connectionId, ClientEvent clientEvent)
    {
        _events.GetOrAdd(connectionId, _ => new ConcurrentQueue<ClientEvent>()).Enqueue(clientEvent);
        return Task.CompletedTask;
    }

    public Task EndStream(Guid connectionId, string reason)
    {
        _ended.TryAdd(connectionId, reason);
        return Task.CompletedTask;
    }

    /// <summary>Why presence ended the stream <paramref name="connectionId"/>, or null while it has not.</summary>
    public string? EndOf(Guid connectionId) => _ended.GetValueOrDefault(connectionId);

    /// <summary>The events delivered to <paramref name="connectionId"/> so far, oldest first.</summary>
    public IReadOnlyList<ClientEvent> EventsOf(Guid connectionId) =>
        _events.TryGetValue(connectionId, out var events) ? [.. events] : [];
}
