using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace LogChat.Client.Peer.Punch;

/// <summary>
/// Kestrel's listener for a <see cref="ConnectedSocketEndPoint"/>: each socket handed to the endpoint becomes a
/// connection, made by Kestrel's own socket transport, so Kestrel runs its TLS and HTTP/2 on it as on an accepted one.
/// </summary>
internal sealed class ConnectedSocketListener(ConnectedSocketEndPoint endPoint, ChannelReader<Socket> sockets, SocketConnectionContextFactory connections)
    : IConnectionListener
{
    public EndPoint EndPoint => endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (await sockets.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (sockets.TryRead(out var socket))
            {
                // As Kestrel's socket listener does for accepted sockets: chat lines must not wait for more data.
                socket.NoDelay = true;
                return connections.Create(socket);
            }
        }

        return null;
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        endPoint.Close(sockets);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        endPoint.Close(sockets);
        connections.Dispose();
        return ValueTask.CompletedTask;
    }
}
