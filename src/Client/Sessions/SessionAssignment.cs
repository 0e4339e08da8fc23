using LogChat.Client.Peer;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Sessions;

/// <summary>
/// This user's part in an accepted session: whom it talks to and whether it hosts the peer connection or dials the host.
/// A dialler always has the host's endpoint, a host never does.
/// </summary>
public sealed record SessionAssignment : SessionEvent
{
    private SessionAssignment(PeerIntroduction peer, HostEndpoint? host, bool initiator)
        : base(peer.SessionId)
    {
        Peer = peer;
        Host = host;
        Initiator = initiator;
    }

    /// <summary>The peer as the coordinator introduced it.</summary>
    public PeerIntroduction Peer { get; }

    /// <summary>Whether this side hosts or dials.</summary>
    public PeerRole Role => Host is null ? PeerRole.Host : PeerRole.Dialer;

    /// <summary>The endpoint to dial, when <see cref="Role"/> is <see cref="PeerRole.Dialer"/>; null for the host.</summary>
    public HostEndpoint? Host { get; }

    /// <summary>Whether this user started the chat.</summary>
    public bool Initiator { get; }

    /// <summary>This side opens a listener for <paramref name="peer"/>.</summary>
    public static SessionAssignment ToHost(PeerIntroduction peer, bool initiator)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return new(peer, null, initiator);
    }

    /// <summary>This side dials <paramref name="host"/>, where <paramref name="peer"/> listens.</summary>
    public static SessionAssignment ToDial(PeerIntroduction peer, HostEndpoint host, bool initiator)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(host);
        return new(peer, host, initiator);
    }
}
