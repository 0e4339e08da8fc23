namespace LogChat.Client.Sessions;

/// <summary>Why a chat session ended, as this client tells it and is told it.</summary>
public enum SessionEndReason
{
    /// <summary>No reason given, or one this client does not know (a newer coordinator's).</summary>
    Unspecified = 0,

    /// <summary>A participant ended the chat normally.</summary>
    Completed,

    /// <summary>The responder declined.</summary>
    Declined,

    /// <summary>The responder did not answer in time.</summary>
    RequestTimeout,

    /// <summary>The host did not open its listener in time.</summary>
    HostReadyTimeout,

    /// <summary>Neither side can accept inbound connections.</summary>
    NoConnectionPath,

    /// <summary>A participant went offline before the session ended.</summary>
    ParticipantOffline,

    /// <summary>The peers' connection failed or the handshake was refused.</summary>
    ConnectionFailed,

    /// <summary>A peer missed the heartbeat window.</summary>
    HeartbeatTimeout,

    /// <summary>A peer broke the peer protocol (a forged, replayed or malformed frame).</summary>
    ProtocolError,

    /// <summary>The peer closed the connection without ending the session.</summary>
    PeerDisconnected,

    /// <summary>The responder declined because it is in another chat.</summary>
    Busy,
}
