using System.Net;
using System.Net.Sockets;

namespace LogChat.Client.Coordinator;

/// <summary>
/// One local TCP port that several connections leave from (SO_REUSEADDR, never listening), so that the gateway
/// endpoints they reach each observe the public port the NAT maps that one local port to. The first connection takes an
/// ephemeral port; the later ones reuse it. It is not the listen port.
/// </summary>
internal sealed class PunchPort
{
    private int _port;

    /// <summary>The local port, or 0 before the first connection.</summary>
    public int Port => Volatile.Read(ref _port);

    public async ValueTask<Stream> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            var any = remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            socket.Bind(new IPEndPoint(any, Port));
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            Interlocked.CompareExchange(ref _port, ((IPEndPoint)socket.LocalEndPoint!).Port, 0);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
