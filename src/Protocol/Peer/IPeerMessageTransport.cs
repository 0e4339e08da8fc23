using LogChat.Protocol.Peer.V1;

namespace LogChat.Protocol.Peer;

/// <summary>One side's end of the peer stream (a gRPC duplex call, or anything that carries messages in order).</summary>
public interface IPeerMessageTransport
{
    /// <summary>
    /// Sends one message to the peer. One send at a time: a caller waits for a send to finish before the next (the
    /// handshake sends in turn; a conversation sends under its own lock).
    /// </summary>
    Task SendAsync(PeerMessage message, CancellationToken cancellationToken);

    /// <summary>Receives the next message from the peer, or null when the stream has ended.</summary>
    Task<PeerMessage?> ReceiveAsync(CancellationToken cancellationToken);
}
