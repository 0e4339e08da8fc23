namespace LogChat.Protocol.Peer;

/// <summary>Facts about the peer protocol that programs report (e.g. <c>logchat --version</c>).</summary>
public static class PeerProtocol
{
    /// <summary>The peer protocol version this build speaks in its handshake.</summary>
    public const byte Version = HandshakeTranscript.ProtocolVersion;
}
