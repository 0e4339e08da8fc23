using System.Threading.Channels;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Testing;

/// <summary>
/// One end of an in-memory peer stream. What it sends is cloned, recorded, optionally rewritten
/// (a man in the middle) and delivered in order to the other end.
/// </summary>
public sealed class InMemoryPeerTransport : IPeerMessageTransport
{
    private readonly ChannelReader<PeerMessage> _incoming;
    private readonly ChannelWriter<PeerMessage> _outgoing;

    private InMemoryPeerTransport(ChannelReader<PeerMessage> incoming, ChannelWriter<PeerMessage> outgoing)
    {
        _incoming = incoming;
        _outgoing = outgoing;
    }

    /// <summary>Every message this end sent, before any rewriting.</summary>
    public List<PeerMessage> Sent { get; } = [];

    /// <summary>Rewrites each message this end sends; returning null drops it.</summary>
    public Func<PeerMessage, PeerMessage?> Rewrite { get; set; } = message => message;

    public static (InMemoryPeerTransport Dialer, InMemoryPeerTransport Host) CreatePair()
    {
        var dialerToHost = Channel.CreateUnbounded<PeerMessage>();
        var hostToDialer = Channel.CreateUnbounded<PeerMessage>();
        return (new InMemoryPeerTransport(hostToDialer.Reader, dialerToHost.Writer), new InMemoryPeerTransport(dialerToHost.Reader, hostToDialer.Writer));
    }

    public async Task SendAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        Sent.Add(message.Clone());
        if (Rewrite(message.Clone()) is { } delivered)
        {
            await _outgoing.WriteAsync(delivered, cancellationToken);
        }
    }

    /// <summary>Delivers a message to the other end as if this end had sent it.</summary>
    public ValueTask InjectAsync(PeerMessage message) => _outgoing.WriteAsync(message.Clone());

    public async Task<PeerMessage?> ReceiveAsync(CancellationToken cancellationToken) =>
        await _incoming.WaitToReadAsync(cancellationToken) && _incoming.TryRead(out var message) ? message : null;

    /// <summary>Ends the stream towards the other end.</summary>
    public void Complete() => _outgoing.TryComplete();
}
