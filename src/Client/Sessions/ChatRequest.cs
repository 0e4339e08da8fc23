using LogChat.Protocol.Accounts;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Sessions;

/// <summary>Somebody asks this user for a chat; it is answered by accepting or declining.</summary>
/// <param name="SessionId">The session the request opened.</param>
/// <param name="FromUserId">The requester's user id.</param>
/// <param name="FromUsername">The requester's canonical username.</param>
/// <param name="FromIdentityKey">The requester's Ed25519 identity public key (a valid point), for the pin check.</param>
/// <param name="ExpiresAt">When the request ends unanswered.</param>
public sealed record ChatRequest(
    SessionId SessionId,
    Guid FromUserId,
    string FromUsername,
    byte[] FromIdentityKey,
    DateTimeOffset ExpiresAt) : SessionEvent(SessionId)
{
    /// <summary>The signed rotations the coordinator sent with the key, to follow from a pinned key (docs/protocol.md section 23).</summary>
    public IReadOnlyList<KeyRotation> FromKeyRotations { get; init; } = [];
}
