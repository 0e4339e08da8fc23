using LogChat.Grains.Auth;
using Npgsql;

namespace LogChat.Grains.Retention;

/// <summary>Deletes rows past their retention: ended sessions and the grain-storage rows of expired login tokens.</summary>
public sealed class RetentionStore(NpgsqlDataSource database)
{
    /// <summary>Deletes the sessions that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    public async Task<int> DeleteSessionsEndedBeforeAsync(DateTimeOffset endedBefore)
    {
        await using var command = database.CreateCommand("DELETE FROM sessions WHERE state = 'ended' AND ended_at < $1");
        command.Parameters.Add(new() { Value = endedBefore });
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
