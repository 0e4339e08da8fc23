using LogChat.Grains.Errors;
using LogChat.Grains.Events;

namespace LogChat.Grains.Sessions;

/// <summary>
/// The rules of a chat session, Requested -> Accepted -> HostReady -> Ended(reason), as a pure function: given the
/// stored session (null before the request), a command and the current time, it returns the session afterwards, the
/// events to send, the next deadline and any refusal. It does no I/O and keeps no state, so every rule is tested
/// without a database or a cluster; <see cref="ChatSessionGrain"/> loads, applies, stores, sends and arms the timer.
/// Only the two participants may act on a session, each only in its own role.
/// </summary>
public sealed class SessionMachine(SessionOptions timeouts)
{
    /// <summary>Applies <paramref name="command"/> to <paramref name="session"/> at <paramref name="now"/>.</summary>
    public SessionStep Apply(SessionRecord? session, SessionCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (session is null)
        {
            return command switch
            {
                RequestChat request => Request(request, now),
                ParticipantWentOffline or ReplayPendingEvent or DeadlineReached => Unchanged(null),
                _ => Refuse(null, CoordinatorError.NotFound, "no such session"),
            };
        }

        return command switch
        {
            RequestChat => Refuse(session, CoordinatorError.AlreadyExists, "this session exists already"),
            AcceptChat accept => Accept(session, accept, now),
            DeclineChat decline => Decline(session, decline, now),
            ReportHostReady ready => HostReady(session, ready, now),
            ReportPunchReady punch => PunchReady(session, punch, now),
            EndChat end => End(session, end, now),
            ReportConnected connected => Connected(session, connected, now),
            ParticipantWentOffline offline => Offline(session, offline, now),
            ReplayPendingEvent replay => Replay(session, replay),
            DeadlineReached => Deadline(session, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown session command"),
        };
    }

    /// <summary>When the session's next deadline falls, or null when it waits for nothing.</summary>
    public DateTimeOffset? DeadlineOf(SessionRecord? session) => session switch
    {
        { State: SessionState.Requested } s => RequestExpiry(s),
        { State: SessionState.Accepted, AcceptedAt: { } acceptedAt } => acceptedAt + timeouts.HostReadyTimeout,
        _ => null,
    };

    /// <summary>When a chat request ends unanswered.</summary>
    public DateTimeOffset RequestExpiry(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.StartedAt + timeouts.RequestTimeout;
    }

    private SessionStep Request(RequestChat request, DateTimeOffset now)
    {
        var (initiator, responder) = (request.Initiator, request.Responder);
        if (initiator.UserId == responder.UserId)
        {
            return Refuse(null, CoordinatorError.FailedPrecondition, "you cannot request a chat with yourself");
        }

        if (!request.ResponderPresence.Online)
        {
            return Refuse(null, CoordinatorError.FailedPrecondition, $"{responder.Username} is offline");
        }

        if (!request.InitiatorPresence.Online)
        {
            return Refuse(null, CoordinatorError.FailedPrecondition,
                $"{initiator.Username} is not connected: open the Connect stream before requesting a chat");
        }

        var requested = new SessionRecord(request.SessionId, initiator, responder, SessionState.Requested, now);
        if (HostSelector.Select(initiator.UserId, request.InitiatorPresence, responder.UserId, request.ResponderPresence, now) is null)
        {
            // Recorded, so that the refusal shows in the table, but nobody was asked: nothing to tell anyone.
            var ended = Ended(requested, SessionEndReason.NoConnectionPath, now);
            return new SessionStep(ended, Changed: true, [], null, new SessionRefusal(CoordinatorError.FailedPrecondition, NoConnectionPath(requested)));
        }

        return Changed(requested, [new SessionDelivery(responder.UserId, ChatRequested(requested))]);
    }

    private SessionStep Accept(SessionRecord session, AcceptChat accept, DateTimeOffset now)
    {
        if (RequireResponder(session, accept.CallerId, "accept") is { } refused)
        {
            return refused;
        }

        if (HostSelector.Select(session.Initiator.UserId, accept.InitiatorPresence, session.Responder.UserId, accept.ResponderPresence, now) is not { } selection)
        {
            var ending = EndWith(session, SessionEndReason.NoConnectionPath, NoConnectionPath(session), now);
            return ending with { Refusal = new SessionRefusal(CoordinatorError.FailedPrecondition, NoConnectionPath(session)) };
        }

        var hostPresence = selection.HostId == session.Initiator.UserId ? accept.InitiatorPresence : accept.ResponderPresence;
        var accepted = session with
        {
            State = SessionState.Accepted,
            HostId = selection.HostId,
            AcceptedAt = now,
            Path = selection.Path,
            HostLanAddresses = selection.SameNetwork ? hostPresence.LocalAddresses : [],
        };
        var dialler = accepted.PeerOf(selection.HostId).UserId;
        return selection.Path == ConnectionPath.Punched
            ? Changed(accepted, [new SessionDelivery(selection.HostId, HostInfo(accepted)), new SessionDelivery(dialler, PunchDialInfo(accepted))])
            : Changed(accepted, [new SessionDelivery(selection.HostId, HostInfo(accepted))]);
    }

    private SessionStep PunchReady(SessionRecord session, ReportPunchReady punch, DateTimeOffset now)
    {
        if (RequireParticipant(session, punch.CallerId) is { } notParticipant)
        {
            return notParticipant;
        }

        if (RequireState(session, SessionState.Accepted, "both sides have reported ready to punch already") is { } wrongState)
        {
            return wrongState;
        }

        if (session.Path != ConnectionPath.Punched)
        {
            return Refuse(session, CoordinatorError.FailedPrecondition, "this session is not punched: the host reports HostReady");
        }

        var isHost = session.HostId == punch.CallerId;
        if (isHost == punch.CertificateSha256 is null)
        {
            return Refuse(session, CoordinatorError.InvalidArgument,
                isHost ? "the host of a punched session gives its certificate's fingerprint" : "only the host gives a certificate fingerprint");
        }

        var reported = isHost
            ? session with { HostEndpoint = new HostEndpoint(punch.Observed.Address, punch.Observed.Port, punch.CertificateSha256!) }
            : session with { DialerPunch = punch.Observed };
        if (reported is not { HostEndpoint: { } host, DialerPunch: { } dialler })
        {
            return Changed(reported, []);
        }

        var ready = reported with { State = SessionState.HostReady, HostReadyAt = now };
        var hostId = ready.HostId!.Value;
        return Changed(ready,
        [
            new SessionDelivery(hostId, new PunchGoEvent(ready.SessionId, dialler.Address, dialler.Port, null, timeouts.PunchLeadTime)),
            new SessionDelivery(ready.PeerOf(hostId).UserId, new PunchGoEvent(ready.SessionId, host.Address, host.Port, host.CertificateSha256, timeouts.PunchLeadTime)),
        ]);
    }

    private SessionStep Decline(SessionRecord session, DeclineChat decline, DateTimeOffset now) =>
        RequireResponder(session, decline.CallerId, "decline")
        ?? decline.Reason switch
        {
            SessionEndReason.Declined => EndWith(session, SessionEndReason.Declined, $"{session.Responder.Username} declined the chat", now),
            SessionEndReason.Busy => EndWith(session, SessionEndReason.Busy, $"{session.Responder.Username} is busy in another chat", now),
            _ => Refuse(session, CoordinatorError.InvalidArgument, "a responder declines a chat as declined or busy"),
        };

    private SessionStep HostReady(SessionRecord session, ReportHostReady ready, DateTimeOffset now)
    {
        if (RequireParticipant(session, ready.CallerId) is { } notParticipant)
        {
            return notParticipant;
        }

        if (session.HostId != ready.CallerId)
        {
            return Refuse(session, CoordinatorError.PermissionDenied, "only the host of this session reports HostReady");
        }

        if (RequireState(session, SessionState.Accepted, "the host has reported ready already") is { } wrongState)
        {
            return wrongState;
        }

        if (session.Path == ConnectionPath.Punched)
        {
            return Refuse(session, CoordinatorError.FailedPrecondition, "a punched session's host reports ReportPunchReady");
        }

        var hostReady = session with
        {
            State = SessionState.HostReady,
            HostReadyAt = now,
            HostEndpoint = new HostEndpoint(ready.ObservedAddress, ready.Port, ready.CertificateSha256) { LanAddresses = session.HostLanAddresses },
        };
        return Changed(hostReady, [new SessionDelivery(session.PeerOf(ready.CallerId).UserId, DialInfo(hostReady))]);
    }

    private SessionStep End(SessionRecord session, EndChat end, DateTimeOffset now)
    {
        if (RequireParticipant(session, end.CallerId) is { } notParticipant)
        {
            return notParticipant;
        }

        if (!end.Reason.IsReportedByParticipants())
        {
            return Refuse(session, CoordinatorError.InvalidArgument,
                "a participant ends a session as completed, connection_failed, heartbeat_timeout, protocol_error or peer_disconnected");
        }

        var reporter = session.ParticipantOf(end.CallerId)!.Username;
        var detail = string.IsNullOrEmpty(end.Detail)
            ? $"ended by {reporter}"
            : $"{PathName(session.Path)}{end.Detail} (reported by {reporter})";
        return session.State == SessionState.Ended ? Unchanged(session) : EndWith(session, end.Reason, detail, now);
    }

    private SessionStep Connected(SessionRecord session, ReportConnected connected, DateTimeOffset now)
    {
        if (RequireParticipant(session, connected.CallerId) is { } notParticipant)
        {
            return notParticipant;
        }

        if (RequireState(session, SessionState.HostReady, "the peers cannot be connected before the host is ready") is { } wrongState)
        {
            return wrongState;
        }

        return session.ConnectedAt is null ? Changed(session with { ConnectedAt = now }, []) : Unchanged(session);
    }

    private static string PathName(ConnectionPath path) => path switch
    {
        ConnectionPath.Direct => "direct connection: ",
        ConnectionPath.Reversed => "reversed connection: ",
        ConnectionPath.Punched => "hole punch: ",
        _ => string.Empty,
    };

    private SessionStep Offline(SessionRecord session, ParticipantWentOffline offline, DateTimeOffset now) =>
        session.State != SessionState.Ended && session.ParticipantOf(offline.UserId) is { } participant
            ? EndWith(session, SessionEndReason.ParticipantOffline, $"{participant.Username} went offline", now)
            : Unchanged(session);

    private SessionStep Replay(SessionRecord session, ReplayPendingEvent replay)
    {
        ClientEvent? pending = session switch
        {
            { State: SessionState.Requested } when session.Responder.UserId == replay.UserId => ChatRequested(session),
            { State: SessionState.Accepted, Path: ConnectionPath.Punched, HostEndpoint: null } when session.HostId == replay.UserId => HostInfo(session),
            { State: SessionState.Accepted, Path: ConnectionPath.Punched, DialerPunch: null }
                when session.HostId != replay.UserId && session.ParticipantOf(replay.UserId) is not null => PunchDialInfo(session),
            { State: SessionState.Accepted, Path: not ConnectionPath.Punched } when session.HostId == replay.UserId => HostInfo(session),
            { State: SessionState.HostReady, Path: not ConnectionPath.Punched }
                when session.HostId != replay.UserId && session.ParticipantOf(replay.UserId) is not null => DialInfo(session),
            _ => null,
        };
        return pending is null
            ? Unchanged(session)
            : new SessionStep(session, Changed: false, [new SessionDelivery(replay.UserId, pending)], DeadlineOf(session), null);
    }

    private SessionStep Deadline(SessionRecord session, DateTimeOffset now)
    {
        if (DeadlineOf(session) is not { } deadline || now < deadline)
        {
            return Unchanged(session);
        }

        return session.State == SessionState.Requested
            ? EndWith(session, SessionEndReason.RequestTimeout, $"{session.Responder.Username} did not answer in time", now)
            : EndWith(session, SessionEndReason.HostReadyTimeout, "the host did not open its listener in time", now);
    }

    private SessionStep EndWith(SessionRecord session, SessionEndReason reason, string detail, DateTimeOffset now)
    {
        var ended = Ended(session, reason, now);
        var notice = new SessionEndedEvent(session.SessionId, reason, detail);
        return Changed(ended, [new SessionDelivery(session.Initiator.UserId, notice), new SessionDelivery(session.Responder.UserId, notice)]);
    }

    private static SessionRecord Ended(SessionRecord session, SessionEndReason reason, DateTimeOffset now) =>
        session with { State = SessionState.Ended, EndedAt = now, EndReason = reason, HostEndpoint = null, DialerPunch = null, HostLanAddresses = [] };

    private SessionStep? RequireResponder(SessionRecord session, Guid callerId, string action)
    {
        if (RequireParticipant(session, callerId) is { } notParticipant)
        {
            return notParticipant;
        }

        return session.Responder.UserId != callerId
            ? Refuse(session, CoordinatorError.PermissionDenied, $"only {session.Responder.Username} can {action} this chat")
            : RequireState(session, SessionState.Requested, "the chat has been answered already");
    }

    private SessionStep? RequireParticipant(SessionRecord session, Guid callerId) =>
        session.ParticipantOf(callerId) is null
            ? Refuse(session, CoordinatorError.PermissionDenied, "you are not a participant of this session")
            : null;

    private SessionStep? RequireState(SessionRecord session, SessionState expected, string otherwise)
    {
        if (session.State == SessionState.Ended)
        {
            return Refuse(session, CoordinatorError.FailedPrecondition, $"the session has ended ({session.EndReason?.ToColumn()})");
        }

        return session.State != expected ? Refuse(session, CoordinatorError.FailedPrecondition, otherwise) : null;
    }

    private SessionStep Changed(SessionRecord session, IReadOnlyList<SessionDelivery> deliveries) =>
        new(session, Changed: true, deliveries, DeadlineOf(session), null);

    private SessionStep Unchanged(SessionRecord? session) => new(session, Changed: false, [], DeadlineOf(session), null);

    private SessionStep Refuse(SessionRecord? session, CoordinatorError error, string message) =>
        new(session, Changed: false, [], DeadlineOf(session), new SessionRefusal(error, message));

    private ChatRequestedEvent ChatRequested(SessionRecord session) => new(session.SessionId, session.Initiator, RequestExpiry(session));

    private static SessionInfoEvent HostInfo(SessionRecord session)
    {
        var host = session.HostId!.Value;
        return new SessionInfoEvent(session.SessionId, SessionRole.Host, session.PeerOf(host), host == session.Initiator.UserId, null, session.Path);
    }

    private static SessionInfoEvent DialInfo(SessionRecord session)
    {
        var host = session.HostId!.Value;
        var dialler = session.PeerOf(host);
        return new SessionInfoEvent(
            session.SessionId, SessionRole.Dial, session.ParticipantOf(host)!, dialler.UserId == session.Initiator.UserId, session.HostEndpoint, session.Path);
    }

    // A punched session's dialler learns its role now and its peer's endpoint with PunchGo.
    private static SessionInfoEvent PunchDialInfo(SessionRecord session)
    {
        var host = session.HostId!.Value;
        return new SessionInfoEvent(session.SessionId, SessionRole.Dial, session.ParticipantOf(host)!, host != session.Initiator.UserId, null, session.Path);
    }

    private static string NoConnectionPath(SessionRecord session) =>
        $"no direct path: neither {session.Initiator.Username} nor {session.Responder.Username} can be reached from outside, "
        + "and their networks do not allow a hole punch";
}
