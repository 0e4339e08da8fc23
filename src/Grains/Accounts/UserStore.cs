using Npgsql;

namespace LogChat.Grains.Accounts;

/// <summary>Maps accounts to the seed tables <c>users</c>, <c>public_keys</c> and <c>user_presence</c>.</summary>
public sealed class UserStore(NpgsqlDataSource database)
{
    private const string Ed25519KeyType = "ed25519";
    private const string UniqueViolation = "23505";

    /// <summary>The most signed rotations kept with an account and sent with its key (KeyRotationChain.MaxLength).</summary>
    public const int MaxKeyRotations = LogChat.Protocol.Accounts.KeyRotationChain.MaxLength;

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

    /// <summary>The account holding a canonical username, or null; with its current key and the signed rotations that led to it.</summary>
    public async Task<UserAccount?> FindByUsernameAsync(string username)
    {
        // The current key first (the one without retired_at), then its predecessors, newest first: enough rows for the
        // longest chain a client follows.
        await using var command = database.CreateCommand(
            """
            SELECT u.id, u.username, u.password_hash, u.created_at, k.public_key, k.rotation_signature, k.rotation_signed_at
            FROM users u
            JOIN public_keys k ON k.user_id = u.id AND k.key_type = 'ed25519'
            WHERE u.username = $1
            ORDER BY k.retired_at IS NOT NULL, k.created_at DESC
            LIMIT $2
            """);
        command.Parameters.Add(new() { Value = username });
        command.Parameters.Add(new() { Value = MaxKeyRotations + 1 });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var account = new UserAccount(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetFieldValue<byte[]>(4),
            reader.GetFieldValue<DateTimeOffset>(3));
        var rotations = new List<SignedKeyRotation>();
        var newerKey = account.IdentityKey;
        var signature = NullableBytes(reader, 5);
        var signedAt = reader.IsDBNull(6) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(6);
        while (signature is not null && signedAt is not null && await reader.ReadAsync())
        {
            var olderKey = reader.GetFieldValue<byte[]>(4);
            rotations.Add(new SignedKeyRotation(olderKey, newerKey, signedAt.Value.ToUnixTimeSeconds(), signature));
            newerKey = olderKey;
            signature = NullableBytes(reader, 5);
            signedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6);
        }

        return account with { KeyRotations = rotations };
    }

    /// <summary>Replaces the user's password hash (the Argon2id hash of the new login secret).</summary>
    public async Task UpdatePasswordHashAsync(Guid userId, string passwordHash)
    {
        await using var command = database.CreateCommand("UPDATE users SET password_hash = $2 WHERE id = $1");
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = passwordHash });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Retires <paramref name="currentKey"/> and makes <paramref name="newKey"/> current, with the old key's signature when
    /// there is one, in one transaction. Both times are the database's (as at registration), so a key's rows order by
    /// creation whichever silo wrote them.
    /// </summary>
    public async Task<KeyRotationOutcome> RotateKeyAsync(Guid userId, byte[] currentKey, byte[] newKey, SignedKeyRotation? signedRotation)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var retire = new NpgsqlCommand(
            "UPDATE public_keys SET retired_at = now() WHERE user_id = $1 AND key_type = 'ed25519' AND public_key = $2 AND retired_at IS NULL",
            connection,
            transaction))
        {
            retire.Parameters.Add(new() { Value = userId });
            retire.Parameters.Add(new() { Value = currentKey });
            if (await retire.ExecuteNonQueryAsync() != 1)
            {
                await transaction.RollbackAsync();
                return KeyRotationOutcome.NotCurrent;
            }
        }

        try
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO public_keys (id, user_id, key_type, public_key, created_at, rotation_signature, rotation_signed_at)
                VALUES ($1, $2, $3, $4, now(), $5, $6)
                """,
                connection,
                transaction);
            insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new() { Value = userId });
            insert.Parameters.Add(new() { Value = Ed25519KeyType });
            insert.Parameters.Add(new() { Value = newKey });
            insert.Parameters.Add(new() { Value = (object?)signedRotation?.Signature ?? DBNull.Value });
            insert.Parameters.Add(new() { Value = signedRotation is null ? DBNull.Value : DateTimeOffset.FromUnixTimeSeconds(signedRotation.RotatedAt) });
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return KeyRotationOutcome.Rotated;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            await transaction.RollbackAsync();
            return KeyRotationOutcome.KeyUsedBefore;
        }
    }

    private static byte[]? NullableBytes(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
}
