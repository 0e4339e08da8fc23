using LogChat.Grains.Accounts;
using LogChat.Grains.Presence;

namespace LogChat.Grains.Sessions;

/// <summary>Something that happens to a chat session: a participant's call, a fact about a participant, or a passed deadline.</summary>
public abstract record SessionCommand;

/// <summary>The initiator asks the responder for a chat that will be known as <paramref name="SessionId"/>; both presences as they are now.</summary>
public sealed record RequestChat(Guid SessionId, Participant Initiator, PresenceSnapshot InitiatorPresence, Participant Responder, PresenceSnapshot ResponderPresence)
    : SessionCommand
{
    /// <summary>How many sessions that have not ended the initiator takes part in now.</summary>
    public int InitiatorOpenSessions { get; init; }

    /// <summary>How many sessions that have not ended the responder takes part in now.</summary>
    public int ResponderOpenSessions { get; init; }

    /// <summary>Whether the responder blocks the initiator: the request is then refused exactly as if the responder were offline.</summary>
    public bool BlockedByResponder { get; init; }
}

/// <summary>The caller accepts; both presences as they are now, to select the host.</summary>
public sealed record AcceptChat(Guid CallerId, PresenceSnapshot InitiatorPresence, PresenceSnapshot ResponderPresence) : SessionCommand;

/// <summary>The caller declines: <see cref="SessionEndReason.Declined"/>, or <see cref="SessionEndReason.Busy"/> in another chat.</summary>
public sealed record DeclineChat(Guid CallerId, SessionEndReason Reason = SessionEndReason.Declined) : SessionCommand;

/// <summary>
/// The caller's listener accepts on <paramref name="Port"/> of <paramref name="ObservedAddress"/> (where its call came
/// from) with the certificate whose SHA-256 is <paramref name="CertificateSha256"/>.
/// </summary>
public sealed record ReportHostReady(Guid CallerId, string ObservedAddress, int Port, byte[] CertificateSha256) : SessionCommand;

/// <summary>
/// The caller of a punched session is ready: a gateway observed its punch port at <paramref name="Observed"/>; the host
/// gives its session certificate's fingerprint, the dialler none.
/// </summary>
public sealed record ReportPunchReady(Guid CallerId, PunchEndpoint Observed, byte[]? CertificateSha256) : SessionCommand;

/// <summary>The caller ends the session, for <paramref name="Reason"/>, with an optional <paramref name="Detail"/> for the peer.</summary>
public sealed record EndChat(Guid CallerId, SessionEndReason Reason, string? Detail = null) : SessionCommand;

/// <summary>The caller's peer connection passed the handshake.</summary>
public sealed record ReportConnected(Guid CallerId) : SessionCommand;

/// <summary>A user went offline (the session ends if that user takes part in it).</summary>
public sealed record ParticipantWentOffline(Guid UserId) : SessionCommand;

/// <summary>A user opened a new event stream and needs again the event it has still to act on.</summary>
public sealed record ReplayPendingEvent(Guid UserId) : SessionCommand;

/// <summary>The session's deadline may have passed.</summary>
public sealed record DeadlineReached : SessionCommand;

/// <summary>The host of a relayed session has its session certificate, whose SHA-256 the dialler will pin: send both to the relay.</summary>
public sealed record ReportRelayReady(Guid CallerId, byte[] CertificateSha256) : SessionCommand;

/// <summary>
/// The caller could not connect over <paramref name="FailedPath"/> (the dial or the punch failed, or the relay refused):
/// with a relay configured and not yet tried, both get tickets; otherwise the session ends with "connection_failed".
/// </summary>
public sealed record ReportConnectionFailed(Guid CallerId, ConnectionPath FailedPath, string? Detail = null) : SessionCommand;
