using System.Net;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using CoordinatorService = LogChat.Protocol.Coordinator.V1.Coordinator;

namespace LogChat.Client.Coordinator;

/// <summary>Opens gRPC channels to a gateway whose address <see cref="CoordinatorAddress"/> accepted.</summary>
internal static class CoordinatorChannel
{
    /// <summary>A Coordinator client on <paramref name="channel"/>: every call states this release (<see cref="VersionHeaderInterceptor"/>).</summary>
    public static CoordinatorService.CoordinatorClient Client(GrpcChannel channel) => new(channel.Intercept(VersionHeaderInterceptor.Instance));

    public static GrpcChannel Create(GatewayEndpoint gateway)
    {
        var checkedAddress = CoordinatorAddress.Parse(gateway.Address.ToString());
        var handler = Handler();
        if (gateway.Pinned is { } pinned)
        {
            RefuseInsecure(checkedAddress, pinned);
            handler.ConnectCallback = (context, cancellationToken) => TcpConnect.ToAsync(new IPEndPoint(pinned, context.DnsEndPoint.Port), cancellationToken);
        }

        return GrpcChannel.ForAddress(checkedAddress, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>
    /// A channel to <paramref name="gatewayPort"/> of the gateway's address (same host name, same TLS checks) whose
    /// connections leave from <paramref name="punchPort"/>.
    /// </summary>
    public static GrpcChannel CreateFromPunchPort(GatewayEndpoint gateway, int gatewayPort, PunchPort punchPort)
    {
        var checkedAddress = CoordinatorAddress.Parse(new UriBuilder(gateway.Address) { Port = gatewayPort }.Uri.ToString());
        var handler = Handler();
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var address = gateway.Pinned ?? await ResolveAsync(checkedAddress, cancellationToken).ConfigureAwait(false);
            RefuseInsecure(checkedAddress, address);
            return await punchPort.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
        };
        return GrpcChannel.ForAddress(checkedAddress, new GrpcChannelOptions { HttpHandler = handler });
    }

    private static SocketsHttpHandler Handler() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(15),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        EnableMultipleHttp2Connections = true,
    };

    private static void RefuseInsecure(Uri address, IPAddress connectTo)
    {
        if (address.Scheme == Uri.UriSchemeHttp && !IPAddress.IsLoopback(connectTo))
        {
            throw new InsecureTransportException($"Refusing plaintext http:// to {connectTo}: it is not a loopback address.");
        }
    }

    private static async Task<IPAddress> ResolveAsync(Uri address, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(address.IdnHost, out var literal))
        {
            return literal;
        }

        var resolved = await Dns.GetHostAddressesAsync(address.IdnHost, cancellationToken).ConfigureAwait(false);
        return resolved.FirstOrDefault(ip => address.Scheme != Uri.UriSchemeHttp || IPAddress.IsLoopback(ip))
            ?? throw new HttpRequestException(HttpRequestError.NameResolutionError, $"{address.IdnHost} resolved to no usable address.");
    }
}
