namespace LogChat.Grains.Accounts;

/// <summary>
/// One account per canonical username (the grain key). Being a single activation per name, it is the
/// cluster-wide uniqueness check of usernames; the UNIQUE constraint of <c>users.username</c> backs it.
/// </summary>
public interface IUserAccountGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the account: a <c>users</c> row, its Ed25519 key in <c>public_keys</c> and an offline
    /// <c>user_presence</c> row, in one transaction. Refuses (AlreadyExists) when the name is taken, or held after its
    /// account was deleted (<see cref="AccountOptions.DeletedNameHold"/>).
    /// </summary>
    Task<Guid> Register(string passwordHash, byte[] identityKey);

    /// <summary>The account, or null when nobody holds this name.</summary>
    Task<UserAccount?> Find();

    /// <summary>
    /// Deletes the account <paramref name="userId"/>, which must be the one holding this name (NOT_FOUND otherwise), and
    /// everything the coordinator keeps about it (<see cref="AccountDeletion"/>); returns until when the name is held.
    /// </summary>
    Task<DateTimeOffset> Delete(Guid userId);

    /// <summary>
    /// Replaces the password hash, only while it is still <paramref name="currentHash"/> (the one the caller's login secret
    /// was checked against): FailedPrecondition when another change came first, NotFound when the account is gone.
    /// </summary>
    Task ChangePasswordHash(string currentHash, string newHash);

    /// <summary>
    /// Retires the current identity key and publishes <paramref name="newKey"/>, with the old key's signature when
    /// <paramref name="signedRotation"/> is given (already verified by the caller). FailedPrecondition when the signed rotation does
    /// not start from the current key; InvalidArgument when <paramref name="newKey"/> was this account's key before.
    /// </summary>
    Task RotateKey(byte[] newKey, SignedKeyRotation? signedRotation);
}
