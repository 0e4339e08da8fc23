using Npgsql;

namespace LogChat.Grains.Accounts;

/// <summary>Maps accounts to the seed tables <c>users</c>, <c>public_keys</c> and <c>user_presence</c>.</summary>
public sealed class UserStore(NpgsqlDataSource database)
{
    private const string Ed25519KeyType = "ed25519";
    private const string UniqueViolation = "23505";

    /// <summary>Inserts the account and its key in one transaction; false when the username is taken.</summary>
    public async Task<bool> TryInsertAsync(UserAccount account)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await using (var insertUser = new NpgsqlCommand(
                "INSERT INTO users (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)", connection, transaction))
            {
                insertUser.Parameters.Add(new() { Value = account.UserId });
                insertUser.Parameters.Add(new() { Value = account.Username });
                insertUser.Parameters.Add(new() { Value = account.PasswordHash });
                insertUser.Parameters.Add(new() { Value = account.CreatedAt });
                await insertUser.ExecuteNonQueryAsync();
            }

            await using (var insertKey = new NpgsqlCommand(
                "INSERT INTO public_keys (id, user_id, key_type, public_key) VALUES ($1, $2, $3, $4)", connection, transaction))
            {
                insertKey.Parameters.Add(new() { Value = Guid.CreateVersion7() });
                insertKey.Parameters.Add(new() { Value = account.UserId });
                insertKey.Parameters.Add(new() { Value = Ed25519KeyType });
                insertKey.Parameters.Add(new() { Value = account.IdentityKey });
                await insertKey.ExecuteNonQueryAsync();
            }

            await using (var insertPresence = new NpgsqlCommand(
                "INSERT INTO user_presence (user_id) VALUES ($1)", connection, transaction))
            {
                insertPresence.Parameters.Add(new() { Value = account.UserId });
                await insertPresence.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == "users_username_key")
        {
            await transaction.RollbackAsync();
            return false;
        }
    }

    /// <summary>The account holding a canonical username, or null.</summary>
    public async Task<UserAccount?> FindByUsernameAsync(string username)
    {
        await using var command = database.CreateCommand(
            """
            SELECT u.id, u.username, u.password_hash, u.created_at, k.public_key
            FROM users u
            JOIN public_keys k ON k.user_id = u.id AND k.key_type = 'ed25519'
            WHERE u.username = $1
            ORDER BY k.created_at DESC
            LIMIT 1
            """);
        command.Parameters.Add(new() { Value = username });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new UserAccount(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetFieldValue<byte[]>(4),
            reader.GetFieldValue<DateTimeOffset>(3));
    }
}
