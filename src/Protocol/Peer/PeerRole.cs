namespace LogChat.Protocol.Peer;

/// <summary>Which side of a peer connection a participant takes.</summary>
public enum PeerRole
{
    /// <summary>Connects to the host and speaks first in the handshake.</summary>
    Dialer,

    /// <summary>Runs the temporary server the dialer connects to.</summary>
    Host,
}
