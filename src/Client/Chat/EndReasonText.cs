using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Client.Chat;

/// <summary>Sentences for the user about why a session ended.</summary>
public static class EndReasonText
{
    /// <summary>Explains <paramref name="ended"/>, preferring the coordinator's own detail.</summary>
    public static string Describe(SessionEnded ended, string peerUsername)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return string.IsNullOrWhiteSpace(ended.Detail) ? Describe(ended.Reason, peerUsername) : ended.Detail;
    }

    /// <summary>A default sentence for <paramref name="reason"/>.</summary>
    public static string Describe(EndReason reason, string peerUsername) => reason switch
    {
        EndReason.Completed => "The chat ended.",
        EndReason.Declined => $"{peerUsername} declined the chat.",
        EndReason.RequestTimeout => $"{peerUsername} did not answer in time.",
        EndReason.HostReadyTimeout => "The hosting side did not open its listener in time.",
        EndReason.NoConnectionPath => "No connection path: neither side can accept inbound connections.",
        EndReason.ParticipantOffline => $"{peerUsername} went offline.",
        EndReason.ConnectionFailed => $"The connection to {peerUsername} failed.",
        EndReason.HeartbeatTimeout => $"{peerUsername} missed the heartbeat window.",
        EndReason.ProtocolError => $"{peerUsername} broke the peer protocol.",
        EndReason.PeerDisconnected => $"{peerUsername} disconnected.",
        _ => "The session ended.",
    };
}
