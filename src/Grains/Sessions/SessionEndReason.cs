namespace LogChat.Grains.Sessions;

/// <summary>Why a session ended; stored in <c>sessions.end_reason</c> by <see cref="SessionEndReasons.ToColumn"/>.</summary>
public enum SessionEndReason
{
    /// <summary>No reason given: refused wherever a reason is required.</summary>
    Unspecified,
    Completed,
    Declined,
    RequestTimeout,
    HostReadyTimeout,
    NoConnectionPath,
    ParticipantOffline,
    ConnectionFailed,
    HeartbeatTimeout,
    ProtocolError,
    PeerDisconnected,
    Busy,
}
