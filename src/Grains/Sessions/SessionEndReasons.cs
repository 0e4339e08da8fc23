namespace LogChat.Grains.Sessions;

/// <summary>The stored names of end reasons (snake case, as the proto enum without its prefix).</summary>
public static class SessionEndReasons
{
    public static string ToColumn(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.Completed => "completed",
        SessionEndReason.Declined => "declined",
        SessionEndReason.RequestTimeout => "request_timeout",
        SessionEndReason.HostReadyTimeout => "host_ready_timeout",
        SessionEndReason.NoConnectionPath => "no_connection_path",
        SessionEndReason.ParticipantOffline => "participant_offline",
        SessionEndReason.ConnectionFailed => "connection_failed",
        SessionEndReason.HeartbeatTimeout => "heartbeat_timeout",
        SessionEndReason.ProtocolError => "protocol_error",
        SessionEndReason.PeerDisconnected => "peer_disconnected",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static SessionEndReason FromColumn(string value) =>
        Enum.GetValues<SessionEndReason>().FirstOrDefault(r => r.ToColumn() == value, SessionEndReason.Completed);
}
