using System.Collections.Concurrent;

namespace LogChat.Gateway.Connections;

/// <summary>The Connect streams this gateway holds, by connection id.</summary>
public sealed class ClientConnectionRegistry
{
    private readonly ConcurrentDictionary<Guid, ClientConnection> _streams = new();

    public int Count => _streams.Count;

    /// <summary>
    /// The streams, enumerated live rather than copied: <c>Values</c> would copy a snapshot, at many clients an array
    /// on the large-object heap, for every keep-alive slice and lease renewal round (docs/benchmarks.md, connections).
    /// </summary>
    public IEnumerable<ClientConnection> All => _streams.Select(entry => entry.Value);

    public void Add(ClientConnection stream) => _streams[stream.ConnectionId] = stream;

    public void Remove(Guid connectionId) => _streams.TryRemove(connectionId, out _);

    public ClientConnection? Find(Guid connectionId) => _streams.GetValueOrDefault(connectionId);
}
