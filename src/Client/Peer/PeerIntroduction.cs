using LogChat.Protocol.Accounts;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Peer;

/// <summary>Who this side is about to talk to, as the coordinator introduced them.</summary>
/// <param name="SessionId">The coordinator's session id, bound into the handshake.</param>
/// <param name="PeerUserId">The peer's user id.</param>
/// <param name="PeerUsername">The peer's canonical username.</param>
/// <param name="PeerIdentityKey">The peer's Ed25519 identity public key (already checked against the pins).</param>
public sealed record PeerIntroduction(SessionId SessionId, Guid PeerUserId, string PeerUsername, byte[] PeerIdentityKey)
{
    /// <summary>The signed rotations the coordinator sent with the key, to follow from a pinned key (docs/protocol.md section 23).</summary>
    public IReadOnlyList<KeyRotation> PeerKeyRotations { get; init; } = [];
}
