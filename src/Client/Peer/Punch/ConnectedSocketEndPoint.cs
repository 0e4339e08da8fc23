using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace LogChat.Client.Peer.Punch;

/// <summary>
/// A Kestrel endpoint that accepts nothing by itself: it serves the already-connected sockets handed to
/// <see cref="Serve"/> (a punched connection, say) with the endpoint's own protocols and TLS, like any accepted
/// connection. Listen on it with <c>kestrel.Listen(endPoint, ...)</c> after <see cref="ConnectedSocketTransport.AddConnectedSocketTransport"/>.
/// </summary>
public sealed class ConnectedSocketEndPoint : EndPoint
{
    private readonly Lock _lock = new();
    private Channel<Socket>? _waiting;

    public override AddressFamily AddressFamily => AddressFamily.Unspecified;

    /// <summary>
    /// Hands <paramref name="connected"/> to the server listening on this endpoint, which owns it from now on.
    /// <see cref="InvalidOperationException"/> when no started server listens on it.
    /// </summary>
    public void Serve(Socket connected)
    {
        ArgumentNullException.ThrowIfNull(connected);
        if (!connected.Connected)
        {
            throw new ArgumentException("Only a connected socket can be served.", nameof(connected));
        }

        lock (_lock)
        {
            if (_waiting is null || !_waiting.Writer.TryWrite(connected))
            {
                throw new InvalidOperationException("No started Kestrel server listens on this endpoint; it cannot serve the socket.");
            }
        }
    }

    /// <summary>How Kestrel lists this endpoint among its addresses.</summary>
    public const string Name = "connected-sockets";

    public override string ToString() => Name;

    /// <summary>Starts collecting sockets for the one listener bound to this endpoint.</summary>
    internal ChannelReader<Socket> Open()
    {
        lock (_lock)
        {
            if (_waiting is not null)
            {
                throw new InvalidOperationException("A listener is already bound to this endpoint.");
            }

            _waiting = Channel.CreateUnbounded<Socket>(new UnboundedChannelOptions { SingleReader = true });
            return _waiting.Reader;
        }
    }

    /// <summary>Stops collecting sockets: the listener has unbound. Sockets it never accepted are closed.</summary>
    internal void Close(ChannelReader<Socket> sockets)
    {
        lock (_lock)
        {
            if (_waiting is null || _waiting.Reader != sockets)
            {
                return;
            }

            _waiting.Writer.Complete();
            _waiting = null;
        }

        while (sockets.TryRead(out var socket))
        {
            socket.Dispose();
        }
    }
}
