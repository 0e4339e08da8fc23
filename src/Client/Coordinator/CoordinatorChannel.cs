using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace LogChat.Client.Coordinator;

/// <summary>Opens gRPC channels to a gateway whose address <see cref="CoordinatorAddress"/> accepted.</summary>
internal static class CoordinatorChannel
{
    public static GrpcChannel Create(GatewayEndpoint gateway)
    {
        var checkedAddress = CoordinatorAddress.Parse(gateway.Address.ToString());
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
        };
        if (gateway.Pinned is { } pinned)
        {
            if (checkedAddress.Scheme == Uri.UriSchemeHttp && !IPAddress.IsLoopback(pinned))
            {
                throw new InsecureTransportException($"Refusing plaintext http:// to {pinned}: it is not a loopback address.");
            }

            handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(new IPEndPoint(pinned, context.DnsEndPoint.Port), cancellationToken);
        }

        return GrpcChannel.ForAddress(checkedAddress, new GrpcChannelOptions { HttpHandler = handler });
    }

    private static async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
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
