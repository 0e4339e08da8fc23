using LogChat.Protocol.Sessions;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The facts both sides agree on before the first handshake byte, put in protocol order
/// (dialer first, host second) so that both sides sign and hash the same bytes.
/// </summary>
internal sealed record HandshakeContext(
    SessionId SessionId,
    Guid DialerUserId,
    Guid HostUserId,
    byte[] DialerIdentityKey,
    byte[] HostIdentityKey)
{
    /// <summary>Size of a UUID on the wire (RFC 9562 byte order).</summary>
    public const int UuidSize = 16;

    /// <summary>Arranges one side's parameters in protocol order.</summary>
    public static HandshakeContext From(HandshakeParameters parameters)
    {
        var localKey = parameters.LocalIdentity.PublicKeyBytes;
        var remoteKey = (byte[])parameters.RemoteIdentityPublicKey.Clone();
        return parameters.Role == PeerRole.Dialer
            ? new(parameters.SessionId, parameters.LocalUserId, parameters.RemoteUserId, localKey, remoteKey)
            : new(parameters.SessionId, parameters.RemoteUserId, parameters.LocalUserId, remoteKey, localKey);
    }

    /// <summary>The identity key of the side in <paramref name="role"/>.</summary>
    public byte[] IdentityKeyOf(PeerRole role) => role == PeerRole.Dialer ? DialerIdentityKey : HostIdentityKey;

    /// <summary>The session id as 16 bytes in RFC 9562 (big-endian) order.</summary>
    public byte[] SessionIdBytes => Encode(SessionId.Value);

    /// <summary>Encodes a UUID as 16 bytes in RFC 9562 (big-endian) order.</summary>
    public static byte[] Encode(Guid id) => id.ToByteArray(bigEndian: true);
}
