using Google.Protobuf.WellKnownTypes;
using LogChat.Gateway.Hosting;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Connections;

/// <summary>
/// Queues a keep-alive event on every Connect stream this gateway holds once per keep-alive interval, one slice of
/// the streams at a time (<see cref="SlicedTicker"/>), so that the keep-alives of many clients do not all leave at once.
/// </summary>
public sealed class KeepAliveTicker(ClientConnectionRegistry streams, IOptions<GatewayOptions> options, TimeProvider clock) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SlicedTicker.RunAsync(streams, options.Value.KeepAliveInterval, clock, PostKeepAlive, stoppingToken);

    private void PostKeepAlive(IEnumerable<ClientConnection> slice)
    {
        var keepAlive = new ServerEvent { KeepAlive = new KeepAlive { ServerTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) } };
        foreach (var stream in slice)
        {
            stream.Post(keepAlive);
        }
    }
}
