using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Retention;

/// <summary>
/// Deletes, on every silo every <see cref="RetentionOptions.SweepInterval"/>, the ended sessions and expired token rows
/// past their retention. A timer in each silo rather than a grain reminder: the cluster keeps no reminder table, and the
/// deletes are idempotent, so silos sweeping at once cost one indexed statement each (docs/operations.md, "Retention").
/// </summary>
public sealed partial class RetentionSweeper(
    RetentionStore store,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionSweeper> logger) : PeriodicSweep(options.Value.SweepInterval, clock)
{
    /// <summary>Deletes what is past its retention now.</summary>
    protected override async Task SweepAsync()
    {
        var now = Clock.GetUtcNow();
        try
        {
            var sessions = await store.DeleteSessionsEndedBeforeAsync(now - options.Value.EndedSessions);
            var tokens = await store.DeleteTokensWrittenBeforeAsync(now - options.Value.TokenRows);
            if (sessions + tokens > 0)
            {
                LogSwept(sessions, tokens);
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogSweepFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Sessions} ended sessions and {Tokens} expired tokens past their retention")]
    private partial void LogSwept(int sessions, int tokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting metadata past its retention failed; retrying on the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
