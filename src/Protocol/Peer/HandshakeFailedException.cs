namespace LogChat.Protocol.Peer;

/// <summary>
/// The handshake did not establish a channel with the expected peer. The message is safe to show
/// to a user and never contains key material.
/// </summary>
public sealed class HandshakeFailedException : Exception
{
    public HandshakeFailedException()
        : base("The secure handshake with the peer failed.")
    {
    }

    public HandshakeFailedException(string message)
        : base(message)
    {
    }

    public HandshakeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The peer protocol version the peer's hello named, when the handshake failed because it is not this one's; otherwise null.</summary>
    public uint? PeerProtocolVersion { get; private init; }

    /// <summary>The failure of a hello that names <paramref name="peerProtocolVersion"/>, another version than this side speaks.</summary>
    internal static HandshakeFailedException VersionMismatch(uint peerProtocolVersion) =>
        new($"The peer speaks peer protocol {peerProtocolVersion}; this logchat speaks peer protocol {PeerProtocol.Version}.")
        {
            PeerProtocolVersion = peerProtocolVersion,
        };
}
