using LogChat.Grains.Presence;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Connections;

/// <summary>
/// Renews the presence lease of every Connect stream this gateway holds, once per renewal interval, one slice of the
/// streams per tick (as <see cref="KeepAliveTicker"/> does) so that the renewals of many clients do not arrive at
/// once. A renewal is one-way: it carries what a presence grain needs to register the stream again when it does not
/// know it (it was reactivated elsewhere after a silo failure), and a lost one is made up by the next.
/// </summary>
public sealed partial class PresenceLeaseRenewer(
    ClientConnectionRegistry streams,
    GatewayIdentity gateway,
    IGrainFactory grains,
    IOptions<PresenceOptions> options,
    TimeProvider clock,
    ILogger<PresenceLeaseRenewer> logger) : BackgroundService
{
    /// <summary>How many slices the streams are spread over by their connection id.</summary>
    public const int Slices = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval / Slices, clock);
        var slice = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var stream in streams.InSlice(slice, Slices))
                {
                    Renew(stream);
                }

                slice = (slice + 1) % Slices;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gateway is stopping.
        }
    }

    private void Renew(ClientConnection stream)
    {
        try
        {
            grains.GetGrain<IPresenceGrain>(stream.UserId).Renew(stream.ConnectionId, gateway.Reference, gateway.GatewayId).Ignore();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            LogRenewFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing a presence lease failed; retrying on the next interval")]
    private partial void LogRenewFailed(Exception exception);
}
