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
}
