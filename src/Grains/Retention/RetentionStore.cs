using LogChat.Grains.Auth;
using Npgsql;

namespace LogChat.Grains.Retention;

/// <summary>
/// Deletes rows past their retention: ended sessions, the grain-storage rows of expired login tokens and of deleted
/// accounts' token lists, and the holds of deleted accounts' names that ended.
/// </summary>
public sealed class RetentionStore(NpgsqlDataSource database)
{
    /// <summary>Deletes the sessions that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    public async Task<int> DeleteSessionsEndedBeforeAsync(DateTimeOffset endedBefore)
    {
        await using var command = database.CreateCommand("DELETE FROM sessions WHERE state = 'ended' AND ended_at < $1");
        command.Parameters.Add(new() { Value = endedBefore });
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Deletes the holds of deleted accounts' names that ended before <paramref name="now"/>; returns how many.</summary>
    public async Task<int> DeleteNameHoldsEndedBeforeAsync(DateTimeOffset now)
    {
        await using var command = database.CreateCommand("DELETE FROM deleted_usernames WHERE held_until < $1");
        command.Parameters.Add(new() { Value = now });
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Deletes the cleared token lists of deleted accounts (state <see cref="UserTokensGrain.StateName"/>, no payload) last
    /// written before <paramref name="writtenBefore"/>; returns how many. A live user's list is never cleared, only emptied.
    /// </summary>
    public async Task<int> DeleteClearedTokenListsWrittenBeforeAsync(DateTimeOffset writtenBefore)
    {
        await using var command = database.CreateCommand(
            "DELETE FROM orleans_grain_state WHERE grain_type = $1 AND payload IS NULL AND modified_at < $2");
        command.Parameters.Add(new() { Value = UserTokensGrain.StateName });
        command.Parameters.Add(new() { Value = writtenBefore });
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Deletes the token rows last written before <paramref name="writtenBefore"/>; returns how many.</summary>
    public async Task<int> DeleteTokensWrittenBeforeAsync(DateTimeOffset writtenBefore)
    {
        // The ADO.NET grain storage names a row by the grain's state name.
        await using var command = database.CreateCommand("DELETE FROM orleans_grain_state WHERE grain_type = $1 AND modified_at < $2");
        command.Parameters.Add(new() { Value = TokenGrain.StateName });
        command.Parameters.Add(new() { Value = writtenBefore });
        return await command.ExecuteNonQueryAsync();
    }
}
