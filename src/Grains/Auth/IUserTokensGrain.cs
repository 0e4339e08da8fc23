namespace LogChat.Grains.Auth;

/// <summary>
/// The live tokens of one user (key: user id), so that "log out everywhere" can revoke them all. Kept in the Orleans
/// ADO.NET grain storage, by storage key (the tokens themselves are never stored).
/// </summary>
public interface IUserTokensGrain : IGrainWithGuidKey
{
    /// <summary>Records a token issued to the user; a user keeps at most <see cref="UserTokensGrain.MaxTokens"/>, the oldest beyond that is revoked.</summary>
    Task Add(string storageKey, DateTimeOffset expiresAt);

    /// <summary>Revokes every token of the user and ends every Connect stream the user holds.</summary>
    Task RevokeAll();

    /// <summary>
    /// The user's account is being deleted: revokes every token as <see cref="RevokeAll"/> does, then clears the stored
    /// list and lets the activation go.
    /// </summary>
    Task Forget();
}
