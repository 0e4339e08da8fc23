namespace LogChat.Grains.Sessions;

/// <summary>The states of a chat session (stored by name in <c>sessions.state</c>).</summary>
public enum SessionState
{
    Requested,
    Accepted,
    HostReady,
    Ended,
}
