using LogChat.Protocol.Relay;

namespace LogChat.Relay.Pairing;

/// <summary>What joining a session gave a connection with a valid ticket: a refusal, a wait for the peer, or the pair.</summary>
internal readonly record struct JoinResult(RelayRefusal Refusal, RelaySession? Session, bool Completed)
{
    public static JoinResult Refused(RelayRefusal refusal) => new(refusal, null, false);

    /// <summary>The connection is the session's first side and waits.</summary>
    public static JoinResult Waiting(RelaySession session) => new(RelayRefusal.None, session, false);

    /// <summary>The connection is the session's second side: the pair is complete.</summary>
    public static JoinResult Paired(RelaySession session) => new(RelayRefusal.None, session, true);
}
