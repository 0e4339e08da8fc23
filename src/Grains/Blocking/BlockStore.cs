using Npgsql;

namespace LogChat.Grains.Blocking;

/// <summary>Maps blocks to the table <c>user_blocks</c>.</summary>
public sealed class BlockStore(NpgsqlDataSource database)
{
    private const string ForeignKeyViolation = "23503";

    /// <summary>The ids of the users <paramref name="blockerId"/> blocks.</summary>
    public async Task<HashSet<Guid>> BlockedByAsync(Guid blockerId) =>
        [.. await IdsAsync("SELECT blocked_id FROM user_blocks WHERE blocker_id = $1", blockerId)];

    /// <summary>Records the block (nothing changes when it exists); false when either account is gone.</summary>
    public async Task<bool> TryAddAsync(Guid blockerId, Guid blockedId, DateTimeOffset blockedAt)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO user_blocks (blocker_id, blocked_id, blocked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = blockerId });
        command.Parameters.Add(new() { Value = blockedId });
        command.Parameters.Add(new() { Value = blockedAt });
        try
        {
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState == ForeignKeyViolation)
        {
            return false;
        }
    }

    /// <summary>Deletes the block; false when there was none.</summary>
    public async Task<bool> RemoveAsync(Guid blockerId, Guid blockedId)
    {
        await using var command = database.CreateCommand("DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2");
        command.Parameters.Add(new() { Value = blockerId });
        command.Parameters.Add(new() { Value = blockedId });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    /// <summary>The users <paramref name="blockerId"/> blocks, with their current names, oldest block first.</summary>
    public async Task<IReadOnlyList<BlockRecord>> ListAsync(Guid blockerId)
    {
        await using var command = database.CreateCommand(
            """
            SELECT b.blocked_id, u.username, b.blocked_at
            FROM user_blocks b JOIN users u ON u.id = b.blocked_id
            WHERE b.blocker_id = $1
            ORDER BY b.blocked_at, u.username
            """);
        command.Parameters.Add(new() { Value = blockerId });
        await using var reader = await command.ExecuteReaderAsync();
        var blocked = new List<BlockRecord>();
        while (await reader.ReadAsync())
        {
            blocked.Add(new BlockRecord(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return blocked;
    }

    /// <summary>The ids of the users who block <paramref name="blockedId"/>.</summary>
    public Task<List<Guid>> BlockersOfAsync(Guid blockedId) => IdsAsync("SELECT blocker_id FROM user_blocks WHERE blocked_id = $1", blockedId);

    // sql is one of the constant queries above, never caller input.
    private async Task<List<Guid>> IdsAsync(string sql, Guid userId)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = userId });
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
