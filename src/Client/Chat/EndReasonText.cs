using LogChat.Client.Sessions;

namespace LogChat.Client.Chat;

/// <summary>Sentences for the user about why a session ended.</summary>
public static class EndReasonText
{
    /// <summary>Explains <paramref name="ended"/>, preferring the coordinator's own detail.</summary>
    public static string Describe(SessionEndedNotice ended, string peerUsername)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return string.IsNullOrWhiteSpace(ended.Detail) ? Describe(ended.Reason, peerUsername) : ended.Detail;
    }

    /// <summary>A default sentence for <paramref name="reason"/>.</summary>
    public static string Describe(SessionEndReason reason, string peerUsername) => reason switch
    {
        SessionEndReason.Unspecified => "The coordinator ended the session without giving a reason.",
        SessionEndReason.Completed => "The chat ended.",
        SessionEndReason.Declined => $"{peerUsername} declined the chat.",
        SessionEndReason.RequestTimeout => $"{peerUsername} did not answer in time.",
        SessionEndReason.HostReadyTimeout => "The hosting side did not open its listener in time.",
        SessionEndReason.NoConnectionPath => "No direct path: neither side can be reached, and a hole punch is not possible between these networks.",
        SessionEndReason.ParticipantOffline => $"{peerUsername} went offline.",
        SessionEndReason.ConnectionFailed => $"The connection to {peerUsername} failed.",
        SessionEndReason.HeartbeatTimeout => $"{peerUsername} missed the heartbeat window.",
        SessionEndReason.ProtocolError => $"{peerUsername} broke the peer protocol.",
        SessionEndReason.PeerDisconnected => $"{peerUsername} disconnected.",
        SessionEndReason.Busy => $"{peerUsername} is busy in another chat.",
        _ => "The session ended.",
    };
}
