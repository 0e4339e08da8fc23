using LogChat.Client.Peer;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Sessions;

/// <summary>
/// This user's part in an accepted session: whom it talks to, whether it hosts the peer connection or dials the host,
/// and over which path. A dialler has the host's endpoint, unless the path is punched or relayed (it comes with
/// <see cref="PunchGo"/> or <see cref="RelayGo"/>); a host never does.
/// </summary>
public sealed record SessionAssignment : SessionEvent
{
    private SessionAssignment(PeerIntroduction peer, PeerRole role, HostEndpoint? host, bool initiator, ConnectionPath path)
        : base(peer.SessionId)
    {
        Peer = peer;
        Role = role;
        Host = host;
        Initiator = initiator;
        Path = path;
    }

    /// <summary>The peer as the coordinator introduced it.</summary>
    public PeerIntroduction Peer { get; }

    /// <summary>Whether this side hosts or dials.</summary>
    public PeerRole Role { get; }

    /// <summary>The endpoint to dial, when <see cref="Role"/> is <see cref="PeerRole.Dialer"/> on a path that is not punched.</summary>
    public HostEndpoint? Host { get; }

    /// <summary>How the peers connect.</summary>
    public ConnectionPath Path { get; }

    /// <summary>Whether this user started the chat.</summary>
    public bool Initiator { get; }

    /// <summary>This side opens a listener for <paramref name="peer"/>.</summary>
    public static SessionAssignment ToHost(PeerIntroduction peer, bool initiator, ConnectionPath path)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return new(peer, PeerRole.Host, null, initiator, path);
    }

    /// <summary>This side dials <paramref name="host"/>, where <paramref name="peer"/> listens.</summary>
    public static SessionAssignment ToDial(PeerIntroduction peer, HostEndpoint host, bool initiator, ConnectionPath path)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(host);
        return new(peer, PeerRole.Dialer, host, initiator, path);
    }

    /// <summary>
    /// This side dials <paramref name="peer"/> through a punched or relayed connection; where to connect comes with
    /// <see cref="PunchGo"/> or <see cref="RelayGo"/>.
    /// </summary>
    public static SessionAssignment ToDialLater(PeerIntroduction peer, bool initiator, ConnectionPath path)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return new(peer, PeerRole.Dialer, null, initiator, path);
    }
}
