using Npgsql;

namespace LogChat.Grains.Tests.Support;

/// <summary>A <c>sessions</c> row as plain SQL sees it.</summary>
public sealed record SessionRow(
    Guid InitiatorId,
    Guid ResponderId,
    Guid? HostId,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? HostReadyAt,
    DateTimeOffset? EndedAt,
    string? EndReason);

/// <summary>A <c>user_presence</c> row as plain SQL sees it.</summary>
public sealed record PresenceRow(bool IsOnline, string NatType, bool CanAcceptInbound, string? PublicAddress, string? Gateway);

/// <summary>Reads the seed tables with plain SQL, beside the grains.</summary>
public sealed class SeedTables(string connectionString)
{
    public async Task<SessionRow?> SessionAsync(Guid sessionId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT initiator_id, responder_id, host_id, state, started_at, accepted_at, host_ready_at, ended_at, end_reason
            FROM sessions WHERE id = $1
            """, connection);
        command.Parameters.Add(new() { Value = sessionId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new SessionRow(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.IsDBNull(2) ? null : reader.GetGuid(2),
            reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            NullableTime(reader, 5),
            NullableTime(reader, 6),
            NullableTime(reader, 7),
            reader.IsDBNull(8) ? null : reader.GetString(8));
    }

    public async Task<PresenceRow?> PresenceAsync(Guid userId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT is_online, nat_type, can_accept_inbound, public_address, gateway FROM user_presence WHERE user_id = $1", connection);
        command.Parameters.Add(new() { Value = userId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new PresenceRow(
            reader.GetBoolean(0),
            reader.GetString(1),
            reader.GetBoolean(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    /// <summary>The values of the first column of <paramref name="sql"/>, run with positional <paramref name="parameters"/>.</summary>
    public async Task<IReadOnlyList<T>> ColumnAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }

        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
