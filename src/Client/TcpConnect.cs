using System.Net;
using System.Net.Sockets;

namespace LogChat.Client;

/// <summary>Plain TCP connections for HTTP handlers' ConnectCallback: Nagle off, the socket owned by the stream.</summary>
internal static class TcpConnect
{
    /// <summary>Connects to <paramref name="endpoint"/>: an IP endpoint in its own family, a DNS name on a dual-mode socket.</summary>
    public static async ValueTask<Stream> ToAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
