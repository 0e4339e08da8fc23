using Microsoft.Extensions.Options;

namespace LogChat.Gateway.RateLimiting;

/// <summary>Reports the gateway's rate-limit counts to the cluster every <see cref="RateLimitOptions.SyncInterval"/>.</summary>
public sealed partial class QuotaSync(
    ClusterQuotaCounters counters, IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<QuotaSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SyncInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await counters.SyncAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The silo may be starting or stopping; counting goes on locally and the next tick tries again.
                LogSyncFailed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate-limit counts could not be reported to the cluster ({Reason})")]
    private partial void LogSyncFailed(string reason);
}
