namespace LogChat.Grains.Sessions;

/// <summary>The states of a chat session (stored by name in <c>sessions.state</c>).</summary>
public enum SessionState
{
    /// <summary>No state: never stored.</summary>
    Unspecified,
    Requested,
    Accepted,
    HostReady,

    /// <summary>Both sides hold relay tickets and connect through the relay (the last rung).</summary>
    Relaying,
    Ended,
}
