using System.Threading.Channels;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Bench.Micro;

/// <summary>One end of an in-memory peer stream, so that the handshake is timed without any network.</summary>
internal sealed class InMemoryPeerTransport(ChannelReader<PeerMessage> incoming, ChannelWriter<PeerMessage> outgoing) : IPeerMessageTransport
{
    public static (InMemoryPeerTransport Dialer, InMemoryPeerTransport Host) CreatePair()
    {
        var dialerToHost = Channel.CreateUnbounded<PeerMessage>();
        var hostToDialer = Channel.CreateUnbounded<PeerMessage>();
        return (new InMemoryPeerTransport(hostToDialer.Reader, dialerToHost.Writer), new InMemoryPeerTransport(dialerToHost.Reader, hostToDialer.Writer));
    }

    public async Task SendAsync(PeerMessage message, CancellationToken cancellationToken) =>
        await outgoing.WriteAsync(message, cancellationToken);

    public async Task<PeerMessage?> ReceiveAsync(CancellationToken cancellationToken) =>
        await incoming.WaitToReadAsync(cancellationToken) && incoming.TryRead(out var message) ? message : null;
}
