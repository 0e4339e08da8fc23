namespace LogChat.Grains.Sessions;

/// <summary>How the two peers of a session connect (stored by name in <c>sessions.path</c>).</summary>
public enum ConnectionPath
{
    /// <summary>Not chosen yet.</summary>
    Unspecified,

    /// <summary>The initiator hosts; the responder dials it.</summary>
    Direct,

    /// <summary>The responder hosts, because the initiator cannot be reached.</summary>
    Reversed,

    /// <summary>Neither can be reached: the initiator hosts on a connection both open at once through their NATs.</summary>
    Punched,

    /// <summary>
    /// No direct path, or the direct attempt failed: both connect out to a relay, which pairs them and copies bytes; the
    /// host serves TLS over its relay connection, the other dials through its own.
    /// </summary>
    Relayed,
}
