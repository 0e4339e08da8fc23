using Grpc.Net.Client;

namespace LogChat.Client.Coordinator;

/// <summary>Opens gRPC channels to a coordinator address that <see cref="CoordinatorAddress"/> accepted.</summary>
internal static class CoordinatorChannel
{
    public static GrpcChannel Create(Uri coordinator)
    {
        var checkedAddress = CoordinatorAddress.Parse(coordinator.ToString());
        return GrpcChannel.ForAddress(checkedAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                KeepAlivePingDelay = TimeSpan.FromSeconds(15),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                EnableMultipleHttp2Connections = true,
            },
        });
    }
}
