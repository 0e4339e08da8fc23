using System.Collections.Concurrent;

namespace LogChat.Gateway.Connections;

/// <summary>The Connect streams this gateway holds, by connection id.</summary>
public sealed class ClientConnectionRegistry
{
    private readonly ConcurrentDictionary<Guid, ClientConnection> _streams = new();

    public int Count => _streams.Count;

    public IEnumerable<ClientConnection> All => _streams.Values;

    public void Add(ClientConnection stream) => _streams[stream.ConnectionId] = stream;

    public void Remove(Guid connectionId) => _streams.TryRemove(connectionId, out _);

    public ClientConnection? Find(Guid connectionId) => _streams.GetValueOrDefault(connectionId);
}
