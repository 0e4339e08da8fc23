using LogChat.Grains.Presence;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Connections;

/// <summary>
/// Renews the presence lease of every Connect stream this gateway holds. A presence grain that does not know a
/// stream (it was reactivated elsewhere after a silo failure) gets it registered again.
/// </summary>
public sealed partial class PresenceLeaseRenewer(
    ClientConnectionRegistry streams,
    GatewayIdentity gateway,
    IGrainFactory grains,
    IOptions<PresenceOptions> options,
    TimeProvider clock,
    ILogger<PresenceLeaseRenewer> logger) : BackgroundService
{
    private const int MaxConcurrentRenewals = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Parallel.ForEachAsync(
                streams.All,
                new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentRenewals, CancellationToken = stoppingToken },
                async (stream, _) => await RenewAsync(stream));
        }
    }

    private async Task RenewAsync(ClientConnection stream)
    {
        try
        {
            var presence = grains.GetGrain<IPresenceGrain>(stream.UserId);
            if (!await presence.Renew(stream.ConnectionId))
            {
                await presence.Connect(stream.ConnectionId, gateway.Reference, gateway.GatewayId);
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            LogRenewFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing a presence lease failed; retrying on the next interval")]
    private partial void LogRenewFailed(Exception exception);
}
