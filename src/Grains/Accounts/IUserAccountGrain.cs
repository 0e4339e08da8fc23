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
}
