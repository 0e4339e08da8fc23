using LogChat.Protocol.Peer;

namespace LogChat.Client.Peer;

/// <summary>Size limits on the peer stream, from the peer protocol.</summary>
public static class PeerLimits
{
    /// <summary>The largest serialized PeerMessage this client reads or writes (a full sealed frame).</summary>
    public const int MaxMessageBytes = SecureChannel.MaxPeerMessageBytes;
}
