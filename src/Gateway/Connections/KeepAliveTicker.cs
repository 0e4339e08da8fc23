using Google.Protobuf.WellKnownTypes;
using LogChat.Gateway.Hosting;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Connections;

/// <summary>
/// Queues a keep-alive event on every Connect stream this gateway holds once per keep-alive interval. One timer
/// serves the gateway, rather than a timer and a cancellation source per stream, so that an idle client costs
/// nothing but its stream between events; it ticks <see cref="Slices"/> times per interval and each tick serves the
/// streams of one slice, so that the keep-alives of many clients do not all leave at once.
/// </summary>
public sealed class KeepAliveTicker(ClientConnectionRegistry streams, IOptions<GatewayOptions> options, TimeProvider clock) : BackgroundService
{
    /// <summary>How many slices the streams are spread over by their connection id.</summary>
    public const int Slices = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval / Slices, clock);
        var slice = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var keepAlive = new ServerEvent { KeepAlive = new KeepAlive { ServerTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) } };
                foreach (var stream in streams.InSlice(slice, Slices))
                {
                    stream.Post(keepAlive);
                }

                slice = (slice + 1) % Slices;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gateway is stopping.
        }
    }
}
