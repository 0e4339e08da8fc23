using LogChat.Protocol.Sessions;

namespace LogChat.Protocol.Peer;

/// <summary>
/// What one side knows before a handshake starts: the session the coordinator set up, its own
/// role and identity, and who the peer must be.
/// </summary>
/// <param name="SessionId">The session id the coordinator assigned.</param>
/// <param name="Role">This side's role.</param>
/// <param name="LocalUserId">This side's user id.</param>
/// <param name="LocalIdentity">This side's identity key; the caller keeps ownership.</param>
/// <param name="RemoteUserId">The peer's user id.</param>
/// <param name="RemoteIdentityPublicKey">The identity public key the peer must prove it holds (32 bytes).</param>
public sealed record HandshakeParameters(
    SessionId SessionId,
    PeerRole Role,
    Guid LocalUserId,
    IdentityKeyPair LocalIdentity,
    Guid RemoteUserId,
    byte[] RemoteIdentityPublicKey);
