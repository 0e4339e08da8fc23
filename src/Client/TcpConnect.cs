using System.Net;
using System.Net.Sockets;

namespace LogChat.Client;

/// <summary>Plain TCP connections (HTTP handlers' ConnectCallback, relay connections): Nagle off.</summary>
internal static class TcpConnect
{
    /// <summary>Connects to <paramref name="endpoint"/>: an IP endpoint in its own family, a DNS name on a dual-mode socket.</summary>
    public static async ValueTask<Stream> ToAsync(EndPoint endpoint, CancellationToken cancellationToken) =>
        new NetworkStream(await SocketToAsync(endpoint, cancellationToken).ConfigureAwait(false), ownsSocket: true);

    /// <summary>The connected socket itself, for callers that speak on it before handing it on.</summary>
    public static async ValueTask<Socket> SocketToAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
