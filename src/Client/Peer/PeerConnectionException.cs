namespace LogChat.Client.Peer;

/// <summary>The peer connection could not be made or was refused (before any chat content flowed).</summary>
public sealed class PeerConnectionException : Exception
{
    public PeerConnectionException()
        : base("The peer connection failed.")
    {
    }

    public PeerConnectionException(string message)
        : base(message)
    {
    }

    public PeerConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A failure because the peer speaks <paramref name="peerProtocolVersion"/>, not this logchat's peer protocol.</summary>
    public PeerConnectionException(string message, uint peerProtocolVersion, Exception innerException)
        : base(message, innerException)
    {
        PeerProtocolVersion = peerProtocolVersion;
    }

    /// <summary>The peer protocol the peer speaks, when that is why the connection failed; otherwise null.</summary>
    public uint? PeerProtocolVersion { get; }
}
