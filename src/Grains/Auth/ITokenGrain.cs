namespace LogChat.Grains.Auth;

/// <summary>
/// One bearer token, keyed by the lower-case hex SHA-256 of the token. Its state lives in the Orleans
/// ADO.NET grain storage; revoking deletes it.
/// </summary>
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>Binds the token to a user until <paramref name="expiresAt"/>, and lists it among the user's tokens.</summary>
    Task Issue(Guid userId, string username, DateTimeOffset expiresAt);

    /// <summary>The caller the token authenticates, or null when it is unknown, revoked or expired.</summary>
    [AlwaysInterleave]
    Task<Caller?> Validate();

    /// <summary>
    /// <see cref="Validate"/> for a call that holds a stream open: the token is not needed again until the client's
    /// next call, so the activation is let go now instead of staying for its collection age, unless the token
    /// authenticated other calls within the last minute (a client in use, which would only read it back).
    /// </summary>
    [AlwaysInterleave]
    Task<Caller?> ValidateAndRelease();

    /// <summary>Revokes the token: validating it afterwards yields null, and every Connect stream opened with it ends.</summary>
    Task Revoke();
}
