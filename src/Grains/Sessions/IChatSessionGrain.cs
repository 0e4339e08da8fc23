using LogChat.Grains.Accounts;

namespace LogChat.Grains.Sessions;

/// <summary>
/// One chat session (key: session id), whose rules are <see cref="SessionMachine"/>'s, persisted in <c>sessions</c>.
/// Only the two participants may act on it, each only in its own role; every refusal is a
/// <see cref="Errors.CoordinatorException"/>.
/// </summary>
public interface IChatSessionGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Starts the session: the responder must be online and not the initiator. When the pair has no direct path and
    /// no relay is configured, the session is recorded as ended ("no_connection_path") and the call refused.
    /// Otherwise the responder is sent a chat request that times out after the request timeout.
    /// </summary>
    Task<DateTimeOffset> Request(Participant initiator, Participant responder);

    /// <summary>The responder accepts: the host is selected and told to host; returns the caller's role.</summary>
    Task<SessionRole> Accept(Guid callerId);

    /// <summary>
    /// The responder declines: the session ends with <paramref name="reason"/>, "declined" or "busy" (in another chat);
    /// any other reason is refused.
    /// </summary>
    Task Decline(Guid callerId, SessionEndReason reason = SessionEndReason.Declined);

    /// <summary>
    /// The host's listener is up at <paramref name="port"/> of <paramref name="observedAddress"/>; the dialler is sent
    /// that endpoint and the certificate fingerprint.
    /// </summary>
    Task ReportHostReady(Guid callerId, string observedAddress, int port, byte[] certificateSha256);

    /// <summary>
    /// A participant ends the session for a reason the peers observe (completed, connection_failed, heartbeat_timeout,
    /// protocol_error, peer_disconnected; any other is INVALID_ARGUMENT), with an optional detail for the peer;
    /// ending an ended session changes nothing but its reason, which a higher-ranked report within
    /// <see cref="SessionOptions.EndReportRevisionWindow"/> of a participant's first replaces.
    /// </summary>
    Task EndSession(Guid callerId, SessionEndReason reason, string? detail);

    /// <summary>
    /// A participant of a punched session is ready: a gateway observed its punch port at <paramref name="observed"/>;
    /// the host gives its certificate's fingerprint. Once both reported, both are sent PunchGo.
    /// </summary>
    Task ReportPunchReady(Guid callerId, PunchEndpoint observed, byte[]? certificateSha256);

    /// <summary>
    /// The host of a relayed session has its session certificate: both sides are sent RelayGo with a ticket each, the
    /// dialler also the fingerprint to pin.
    /// </summary>
    Task ReportRelayReady(Guid callerId, byte[] certificateSha256);

    /// <summary>
    /// A participant could not connect over <paramref name="failedPath"/>. With a relay configured and not tried yet,
    /// both are sent RelayGo and the answer is true; otherwise the session ends with "connection_failed" (the peer is
    /// told the path and <paramref name="detail"/>) and the answer is false. A report about a rung the session has left
    /// changes nothing.
    /// </summary>
    Task<bool> ReportConnectionFailed(Guid callerId, ConnectionPath failedPath, string? detail);

    /// <summary>A participant's peer connection passed the handshake; the first report records when.</summary>
    Task ReportConnected(Guid callerId);

    /// <summary>A participant went offline: the session ends with "participant_offline" unless it ended already.</summary>
    [OneWay]
    Task ParticipantWentOffline(Guid userId);

    /// <summary>
    /// <paramref name="userId"/> leaves the session because it blocked its peer or deleted its account: the session ends,
    /// unless it ended already, exactly as if that user went offline ("participant_offline", the peer told "NAME went
    /// offline"), so a block tells the peer nothing new. Unlike <see cref="ParticipantWentOffline"/>, the caller waits
    /// until the end is stored and sent.
    /// </summary>
    Task Withdraw(Guid userId);

    /// <summary>
    /// Sends <paramref name="userId"/> again the event it still has to act on, after it opened a new Connect stream
    /// (events sent while it moved between gateways are lost): the chat request to a responder who has not answered,
    /// the HOST info to a host that has not reported ready, the DIAL info to the dialler of a ready session, RelayGo to
    /// both sides of a relaying session.
    /// </summary>
    [OneWay]
    Task ReplayPendingEvent(Guid userId);

    /// <summary>The session as stored; NOT_FOUND when it does not exist.</summary>
    Task<SessionRecord> GetRecord();
}
