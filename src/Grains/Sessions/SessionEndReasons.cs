namespace LogChat.Grains.Sessions;

/// <summary>The stored names of end reasons (snake case, as the proto enum without its prefix), and who may give which.</summary>
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
        SessionEndReason.Busy => "busy",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "this end reason has no stored name"),
    };

    /// <summary>The reason stored as <paramref name="value"/>; an unknown name is a corrupt row, never "completed".</summary>
    public static SessionEndReason FromColumn(string value)
    {
        foreach (var reason in Enum.GetValues<SessionEndReason>())
        {
            if (reason != SessionEndReason.Unspecified && reason.ToColumn() == value)
            {
                return reason;
            }
        }

        throw new InvalidDataException($"sessions.end_reason holds an unknown reason '{value}'");
    }

    /// <summary>
    /// Whether a participant may end a session for this reason: the ends the peers observe on their connection.
    /// The others (declined, the timeouts, no path, offline) are the coordinator's to decide.
    /// </summary>
    public static bool IsReportedByParticipants(this SessionEndReason reason) => reason is
        SessionEndReason.Completed or SessionEndReason.ConnectionFailed or SessionEndReason.HeartbeatTimeout
        or SessionEndReason.ProtocolError or SessionEndReason.PeerDisconnected;

    /// <summary>
    /// How much a participant's report says about why a session ended, when the two participants report different reasons:
    /// a failure the reporting side detected (connection_failed, heartbeat_timeout, protocol_error) says most, a normal end
    /// (completed) less, and a connection that closed under the reporting side (peer_disconnected) least, since it is what
    /// the other side's end looks like from here. The coordinator keeps the higher-ranked report (see docs/protocol.md).
    /// </summary>
    public static int ReportRank(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.ConnectionFailed or SessionEndReason.HeartbeatTimeout or SessionEndReason.ProtocolError => 2,
        SessionEndReason.Completed => 1,
        _ => 0,
    };
}
