using Npgsql;

namespace LogChat.Grains.Accounts;

/// <summary>Deletes an account's rows and holds its name (<c>users</c>, and through their cascades every row about the user; <c>deleted_usernames</c>).</summary>
public sealed class DeletedAccountStore(NpgsqlDataSource database)
{
    /// <summary>
    /// In one transaction: deletes the user's row, and with it (ON DELETE CASCADE) its keys, its presence, its blocks in
    /// both directions and every session it took part in; holds <paramref name="username"/> until <paramref name="heldUntil"/>.
    /// </summary>
    public async Task RemoveAsync(Guid userId, string username, DateTimeOffset heldUntil)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var deleteUser = new NpgsqlCommand("DELETE FROM users WHERE id = $1", connection, transaction))
        {
            deleteUser.Parameters.Add(new() { Value = userId });
            await deleteUser.ExecuteNonQueryAsync();
        }

        await using (var hold = new NpgsqlCommand(
            """
            INSERT INTO deleted_usernames (username, held_until) VALUES ($1, $2)
            ON CONFLICT (username) DO UPDATE SET held_until = GREATEST(deleted_usernames.held_until, excluded.held_until)
            """, connection, transaction))
        {
            hold.Parameters.Add(new() { Value = username });
            hold.Parameters.Add(new() { Value = heldUntil });
            await hold.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Until when <paramref name="username"/> is held for a deleted account (possibly past), or null when it is not.</summary>
    public async Task<DateTimeOffset?> HeldUntilAsync(string username)
    {
        await using var command = database.CreateCommand("SELECT held_until FROM deleted_usernames WHERE username = $1");
        command.Parameters.Add(new() { Value = username });
        return await command.ExecuteScalarAsync() is DateTime heldUntil ? new DateTimeOffset(heldUntil, TimeSpan.Zero) : null;
    }
}
