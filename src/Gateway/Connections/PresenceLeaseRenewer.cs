using LogChat.Grains;
using LogChat.Grains.Presence;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Connections;

/// <summary>
/// Renews the presence lease of every Connect stream this gateway holds, once per renewal interval, one slice of the
/// streams at a time (<see cref="SlicedTicker"/>) so that the renewals of many clients do not arrive at once. A
/// renewal is one-way: it carries what a presence grain needs to register the stream again when it does not know it
/// (it was reactivated elsewhere after a silo failure), and a lost one is made up by the next.
/// </summary>
public sealed partial class PresenceLeaseRenewer(
    ClientConnectionRegistry streams,
    GatewayIdentity gateway,
    GrainReferences grains,
    IOptions<PresenceOptions> options,
    TimeProvider clock,
    ILogger<PresenceLeaseRenewer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SlicedTicker.RunAsync(streams, options.Value.RenewInterval, clock, RenewAll, stoppingToken);

    private void RenewAll(IEnumerable<ClientConnection> slice)
    {
        foreach (var stream in slice)
        {
            Renew(stream);
        }
    }

    private void Renew(ClientConnection stream)
    {
        try
        {
            grains.Get<IPresenceGrain>(stream.UserId).Renew(stream.ConnectionId, gateway.Reference, gateway.GatewayId, stream.Token).Ignore();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            LogRenewFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing a presence lease failed; retrying on the next interval")]
    private partial void LogRenewFailed(Exception exception);
}
