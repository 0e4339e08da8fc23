using LogChat.Protocol.Accounts;

namespace LogChat.Client.Keys;

/// <summary>A user's identity key as the coordinator publishes it, already checked to be a valid Ed25519 key.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Username">The user's canonical username.</param>
/// <param name="IdentityKey">The Ed25519 identity public key (32 bytes).</param>
public sealed record PublishedIdentityKey(Guid UserId, string Username, byte[] IdentityKey)
{
    /// <summary>The signed rotations the coordinator sent with the key, to follow from a pinned key (docs/protocol.md section 23).</summary>
    public IReadOnlyList<KeyRotation> KeyRotations { get; init; } = [];
}
