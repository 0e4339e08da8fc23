using Grpc.Net.Client;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// gRPC channels to the gateway for many clients at once: several HTTP/2 connections per channel
/// (Kestrel admits 100 streams per connection), never closed for idleness, no keep-alive pings.
/// </summary>
public static class BenchChannels
{
    public static GrpcChannel Create(Uri gateway) =>
        GrpcChannel.ForAddress(gateway, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                EnableMultipleHttp2Connections = true,
            },
            DisposeHttpClient = true,
        });
}
