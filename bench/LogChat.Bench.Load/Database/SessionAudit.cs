using Npgsql;

namespace LogChat.Bench.Load.Database;

/// <summary>Reads the sessions table (the system of record) to find sessions that never ended.</summary>
public static class SessionAudit
{
    /// <summary>Sessions started since <paramref name="since"/>: how many, and how many are not 'ended'.</summary>
    public static async Task<(long Started, long NotEnded)> CountAsync(string connectionString, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(*) FILTER (WHERE state <> 'ended') FROM sessions WHERE started_at >= @since", connection);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
