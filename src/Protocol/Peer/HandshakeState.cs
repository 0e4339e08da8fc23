namespace LogChat.Protocol.Peer;

/// <summary>Where a handshake stands. The dialer goes Start, AwaitingHostHello, Established;
/// the host goes AwaitingDialerHello, AwaitingDialerFinished, Established.</summary>
internal enum HandshakeState
{
    /// <summary>The dialer has not sent its hello yet.</summary>
    Start,

    /// <summary>The dialer has sent its hello and waits for the host's.</summary>
    AwaitingHostHello,

    /// <summary>The host waits for the dialer's hello.</summary>
    AwaitingDialerHello,

    /// <summary>The host has sent its hello and confirmation and waits for the dialer's confirmation.</summary>
    AwaitingDialerFinished,

    /// <summary>Both sides have proven they hold the session keys; the channel is handed out.</summary>
    Established,

    /// <summary>The handshake failed; every secret is gone.</summary>
    Failed,
}
