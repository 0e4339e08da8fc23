using LogChat.Grains.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace LogChat.Grains.Presence;

/// <summary>
/// Marks offline the users whose Connect stream was held by a gateway that is no longer an active member of
/// the cluster, and ends the open sessions of offline users. Presence grains handle crashed gateways themselves
/// through leases; this covers the rows whose presence grain died together with the gateway (or a whole-cluster
/// restart), which nobody reactivates, and so whose sessions nobody would end.
/// </summary>
public sealed partial class StalePresenceSweeper(
    IClusterMembershipService membership,
    IGrainFactory grains,
    PresenceStore store,
    ISessionStore sessions,
    IOptions<PresenceOptions> options,
    TimeProvider clock,
    ILogger<StalePresenceSweeper> logger) : PeriodicSweep(options.Value.SweepInterval, clock)
{
    protected override async Task SweepAsync()
    {
        var live = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToList();
        if (live.Count == 0)
        {
            return;
        }

        try
        {
            var swept = await store.MarkOfflineUnlessHeldByAsync(live);
            if (swept > 0)
            {
                LogSwept(swept);
            }

            foreach (var (sessionId, offlineUserId) in await sessions.FindOpenWithOfflineParticipantAsync())
            {
                await grains.GetGrain<IChatSessionGrain>(sessionId).ParticipantWentOffline(offlineUserId);
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogSweepFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked {Count} users offline whose gateway left the cluster")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping stale presence failed; retrying on the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
