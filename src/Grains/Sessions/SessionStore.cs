using LogChat.Grains.Accounts;
using Npgsql;

namespace LogChat.Grains.Sessions;

/// <summary>Maps sessions to the seed table <c>sessions</c>.</summary>
public sealed class SessionStore(NpgsqlDataSource database) : ISessionStore
{
    public Task<bool> TryInsertAsync(SessionRecord session) => WriteAsync(
        session,
        """
        INSERT INTO sessions (id, initiator_id, responder_id, host_id, state, started_at, accepted_at, host_ready_at, ended_at, end_reason,
                              host_address, host_port, host_certificate_sha256, path, connected_at, dialler_punch_address, dialler_punch_port,
                              host_lan_addresses, relay_id, relay_expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
        ON CONFLICT (id) DO NOTHING
        """);

    // The participants and the start never change: an update checks the participants and leaves the start ($6) alone.
    public Task<bool> TryUpdateAsync(SessionRecord session) => WriteAsync(
        session,
        """
        UPDATE sessions SET
            host_id = $4, state = $5, accepted_at = $7, host_ready_at = $8, ended_at = $9, end_reason = $10,
            host_address = $11, host_port = $12, host_certificate_sha256 = $13, path = $14, connected_at = $15,
            dialler_punch_address = $16, dialler_punch_port = $17, host_lan_addresses = $18, relay_id = $19, relay_expires_at = $20
        WHERE id = $1 AND initiator_id = $2 AND responder_id = $3
        """);

    public async Task<(int First, int Second)> OpenSessionCountsAsync(Guid first, Guid second)
    {
        await using var command = database.CreateCommand(
            """
            SELECT (SELECT count(*) FROM sessions WHERE initiator_id = $1 AND state <> 'ended')
                 + (SELECT count(*) FROM sessions WHERE responder_id = $1 AND state <> 'ended'),
                   (SELECT count(*) FROM sessions WHERE initiator_id = $2 AND state <> 'ended')
                 + (SELECT count(*) FROM sessions WHERE responder_id = $2 AND state <> 'ended')
            """);
        command.Parameters.Add(new() { Value = first });
        command.Parameters.Add(new() { Value = second });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    public async Task<SessionRecord?> LoadAsync(Guid sessionId)
    {
        await using var command = database.CreateCommand(
            """
            SELECT s.host_id, s.state, s.started_at, s.accepted_at, s.host_ready_at, s.ended_at, s.end_reason,
                   i.id, i.username, ik.public_key, r.id, r.username, rk.public_key,
                   s.host_address, s.host_port, s.host_certificate_sha256, s.path, s.connected_at,
                   s.dialler_punch_address, s.dialler_punch_port, s.host_lan_addresses, s.relay_id, s.relay_expires_at
            FROM sessions s
            JOIN users i ON i.id = s.initiator_id
            JOIN users r ON r.id = s.responder_id
            JOIN LATERAL (SELECT public_key FROM public_keys WHERE user_id = i.id ORDER BY created_at DESC LIMIT 1) ik ON true
            JOIN LATERAL (SELECT public_key FROM public_keys WHERE user_id = r.id ORDER BY created_at DESC LIMIT 1) rk ON true
            WHERE s.id = $1
            """);
        command.Parameters.Add(new() { Value = sessionId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new SessionRecord(
            sessionId,
            new Participant(reader.GetGuid(7), reader.GetString(8), reader.GetFieldValue<byte[]>(9)),
            new Participant(reader.GetGuid(10), reader.GetString(11), reader.GetFieldValue<byte[]>(12)),
            ParseState(reader.GetString(1)),
            reader.GetFieldValue<DateTimeOffset>(2))
        {
            HostId = reader.IsDBNull(0) ? null : reader.GetGuid(0),
            AcceptedAt = NullableTime(reader, 3),
            HostReadyAt = NullableTime(reader, 4),
            HostEndpoint = reader.IsDBNull(13)
                ? null
                : new HostEndpoint(reader.GetString(13), reader.GetInt32(14), reader.GetFieldValue<byte[]>(15)) { LanAddresses = reader.GetFieldValue<string[]>(20) },
            HostLanAddresses = reader.GetFieldValue<string[]>(20),
            Path = reader.IsDBNull(16) ? ConnectionPath.Unspecified : ParsePath(reader.GetString(16)),
            ConnectedAt = NullableTime(reader, 17),
            DialerPunch = reader.IsDBNull(18) ? null : new PunchEndpoint(reader.GetString(18), reader.GetInt32(19)),
            RelayId = reader.IsDBNull(21) ? null : reader.GetString(21),
            RelayExpiresAt = NullableTime(reader, 22),
            EndedAt = NullableTime(reader, 5),
            EndReason = reader.IsDBNull(6) ? null : SessionEndReasons.FromColumn(reader.GetString(6)),
        };
    }

    public Task<IReadOnlyList<Guid>> OpenSessionsOfAsync(Guid userId) =>
        SessionIdsOfAsync(userId, "state <> 'ended'");

    public Task<IReadOnlyList<Guid>> UnconnectedSessionsOfAsync(Guid userId) =>
        SessionIdsOfAsync(userId, "state <> 'ended' AND connected_at IS NULL");

    public async Task<IReadOnlyList<Guid>> OpenSessionsBetweenAsync(Guid first, Guid second)
    {
        await using var command = database.CreateCommand(
            """
            SELECT id FROM sessions WHERE initiator_id = $1 AND responder_id = $2 AND state <> 'ended'
            UNION ALL
            SELECT id FROM sessions WHERE initiator_id = $2 AND responder_id = $1 AND state <> 'ended'
            """);
        command.Parameters.Add(new() { Value = first });
        command.Parameters.Add(new() { Value = second });
        return await ReadIdsAsync(command);
    }

    public async Task<IReadOnlyList<(Guid SessionId, Guid OfflineUserId)>> FindOpenWithOfflineParticipantAsync()
    {
        await using var command = database.CreateCommand(
            """
            SELECT s.id, p.user_id
            FROM sessions s
            JOIN user_presence p ON p.user_id IN (s.initiator_id, s.responder_id)
            WHERE s.state <> 'ended' AND NOT p.is_online
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<(Guid, Guid)>();
        while (await reader.ReadAsync())
        {
            found.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        return found;
    }

    // $1-$20 are the columns in the order of the INSERT; the UPDATE uses the ones that can change.
    private async Task<bool> WriteAsync(SessionRecord session, string sql)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = session.SessionId });
        command.Parameters.Add(new() { Value = session.Initiator.UserId });
        command.Parameters.Add(new() { Value = session.Responder.UserId });
        command.Parameters.Add(new() { Value = (object?)session.HostId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = StateColumn(session.State) });
        command.Parameters.Add(new() { Value = session.StartedAt });
        command.Parameters.Add(new() { Value = (object?)session.AcceptedAt ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.HostReadyAt ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.EndedAt ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.EndReason?.ToColumn() ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.HostEndpoint?.Address ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.HostEndpoint?.Port ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.HostEndpoint?.CertificateSha256 ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)PathColumn(session.Path) ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.ConnectedAt ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.DialerPunch?.Address ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.DialerPunch?.Port ?? DBNull.Value });
        command.Parameters.Add(new() { Value = session.HostLanAddresses.ToArray() });
        command.Parameters.Add(new() { Value = (object?)session.RelayId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.RelayExpiresAt ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync() == 1;
    }

    // condition is one of the constant filters above, never caller input.
    private async Task<IReadOnlyList<Guid>> SessionIdsOfAsync(Guid userId, string condition)
    {
        await using var command = database.CreateCommand(
            $"""
            SELECT id FROM sessions WHERE initiator_id = $1 AND {condition}
            UNION ALL
            SELECT id FROM sessions WHERE responder_id = $1 AND {condition}
            """);
        command.Parameters.Add(new() { Value = userId });
        return await ReadIdsAsync(command);
    }

    private static async Task<IReadOnlyList<Guid>> ReadIdsAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<Guid>();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string? PathColumn(ConnectionPath path) => path switch
    {
        ConnectionPath.Direct => "direct",
        ConnectionPath.Reversed => "reversed",
        ConnectionPath.Punched => "punched",
        ConnectionPath.Relayed => "relayed",
        _ => null,
    };

    private static ConnectionPath ParsePath(string value) => value switch
    {
        "direct" => ConnectionPath.Direct,
        "reversed" => ConnectionPath.Reversed,
        "punched" => ConnectionPath.Punched,
        "relayed" => ConnectionPath.Relayed,
        _ => throw new InvalidDataException($"sessions.path holds an unknown path '{value}'"),
    };

    private static string StateColumn(SessionState state) => state switch
    {
        SessionState.Requested => "requested",
        SessionState.Accepted => "accepted",
        SessionState.HostReady => "host_ready",
        SessionState.Relaying => "relaying",
        SessionState.Ended => "ended",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "this state is never stored"),
    };

    private static SessionState ParseState(string value) => value switch
    {
        "requested" => SessionState.Requested,
        "accepted" => SessionState.Accepted,
        "host_ready" => SessionState.HostReady,
        "relaying" => SessionState.Relaying,
        "ended" => SessionState.Ended,
        _ => throw new InvalidDataException($"sessions.state holds an unknown state '{value}'"),
    };
}
