using Npgsql;

namespace LogChat.Grains.Presence;

/// <summary>Maps presence to the seed table <c>user_presence</c>.</summary>
public sealed class PresenceStore(NpgsqlDataSource database)
{
    /// <summary>The stored presence of a user (offline when there is no row).</summary>
    public async Task<PresenceSnapshot> LoadAsync(Guid userId)
    {
        await using var command = database.CreateCommand(
            "SELECT is_online, nat_type, can_accept_inbound, public_address, measured_at, local_addresses FROM user_presence WHERE user_id = $1");
        command.Parameters.Add(new() { Value = userId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return new PresenceSnapshot(false, NatType.Unknown, false, null);
        }

        return new PresenceSnapshot(
            reader.GetBoolean(0),
            NatTypeColumn.Parse(reader.GetString(1)),
            reader.GetBoolean(2),
            reader.IsDBNull(3) ? null : reader.GetString(3))
        {
            MeasuredAt = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            LocalAddresses = reader.GetFieldValue<string[]>(5),
        };
    }

    /// <summary>Writes the whole presence row; <paramref name="gateway"/> names the gateway holding the stream while online.</summary>
    public async Task SaveAsync(Guid userId, PresenceSnapshot presence, string? gateway)
    {
        await using var command = database.CreateCommand(
            """
            INSERT INTO user_presence (user_id, is_online, nat_type, can_accept_inbound, public_address, gateway, measured_at, local_addresses, updated_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, now() WHERE EXISTS (SELECT 1 FROM users WHERE id = $1)
            ON CONFLICT (user_id) DO UPDATE SET
                is_online = excluded.is_online, nat_type = excluded.nat_type,
                can_accept_inbound = excluded.can_accept_inbound, public_address = excluded.public_address,
                gateway = excluded.gateway, measured_at = excluded.measured_at,
                local_addresses = excluded.local_addresses, updated_at = excluded.updated_at
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = presence.Online });
        command.Parameters.Add(new() { Value = NatTypeColumn.Format(presence.NatType) });
        command.Parameters.Add(new() { Value = presence.CanAcceptInbound });
        command.Parameters.Add(new() { Value = (object?)presence.PublicAddress ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)gateway ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)presence.MeasuredAt ?? DBNull.Value });
        command.Parameters.Add(new() { Value = presence.LocalAddresses.ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Marks offline, forgetting their addresses, every user whose stream was held by a gateway not in
    /// <paramref name="liveGateways"/>.
    /// </summary>
    public async Task<int> MarkOfflineUnlessHeldByAsync(IReadOnlyCollection<string> liveGateways)
    {
        await using var command = database.CreateCommand(
            """
            UPDATE user_presence SET is_online = false, gateway = NULL, public_address = NULL, local_addresses = '{}', updated_at = now()
            WHERE is_online AND (gateway IS NULL OR NOT (gateway = ANY($1)))
            """);
        command.Parameters.Add(new() { Value = liveGateways.ToArray() });
        return await command.ExecuteNonQueryAsync();
    }
}
