using System.Net;
using System.Net.Sockets;
using LogChat.Protocol.Relay;

namespace LogChat.Client.Peer.Relay;

/// <summary>
/// Opens a connection through a relay: plain TCP, the length-prefixed ticket, then exactly one byte of answer, so
/// that nothing the peers' TLS sends after it is read here.
/// </summary>
public static class RelayConnector
{
    /// <summary>
    /// Connects to <paramref name="relay"/> with <paramref name="ticket"/> and waits (within the relay's pairing window,
    /// or until <paramref name="cancellationToken"/>) for the other side. Returns the socket, paired; throws
    /// <see cref="RelayRefusedException"/> when the relay refuses and <see cref="PeerConnectionException"/> when it
    /// closes without answering.
    /// </summary>
    public static async Task<Socket> ConnectAsync(EndPoint relay, ReadOnlyMemory<byte> ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var frame = RelayWire.Frame(ticket.Span);
        var socket = await TcpConnect.SocketToAsync(relay, cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var answer = new byte[1];
            var read = await socket.ReceiveAsync(answer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new PeerConnectionException("The relay closed the connection without answering the ticket.");
            }

            var refusal = (RelayRefusal)answer[0];
            return refusal == RelayRefusal.None ? socket : throw new RelayRefusedException(refusal);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
