using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Retention;

/// <summary>
/// Deletes, on every silo every <see cref="RetentionOptions.SweepInterval"/>, the ended sessions and token rows past their
/// retention and the name holds that ended. A timer in each silo rather than a grain reminder: the cluster keeps no reminder table, and the
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
            var tokenLists = await store.DeleteClearedTokenListsWrittenBeforeAsync(now - options.Value.TokenRows);
            var nameHolds = await store.DeleteNameHoldsEndedBeforeAsync(now);
            if (sessions + tokens + tokenLists + nameHolds > 0)
            {
                LogSwept(sessions, tokens + tokenLists, nameHolds);
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogSweepFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Sessions} ended sessions, {Tokens} token rows and {NameHolds} ended name holds past their retention")]
    private partial void LogSwept(int sessions, int tokens, int nameHolds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting metadata past its retention failed; retrying on the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
