using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Relays;

namespace LogChat.Grains.Sessions;

/// <summary>
/// The rules of a chat session, Requested -> Accepted -> HostReady (or Relaying) -> Ended(reason), as a pure function: given the
/// stored session (null before the request), a command and the current time, it returns the session afterwards, the
/// events to send, the next deadline and any refusal. It does no I/O and keeps no state, so every rule is tested
/// without a database or a cluster; <see cref="ChatSessionGrain"/> loads, applies, stores, sends and arms the timer.
/// Only the two participants may act on a session, each only in its own role. With <paramref name="relays"/> configured,
/// a pair with no direct path, and a session whose direct attempt or punch failed, go through a relay. Every state that
/// waits for someone has a deadline (the answer, the host's listener, the peers' connection), so no session waits
/// forever; a session lasts only while both participants are online; a user takes part in at most
/// <see cref="SessionOptions.MaxOpenSessionsPerUser"/>.
/// </summary>
public sealed class SessionMachine(SessionOptions timeouts, RelayRung relays)
{
    /// <summary>A machine with no relay rung.</summary>
    public SessionMachine(SessionOptions timeouts)
        : this(timeouts, RelayRung.None)
    {
    }

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
            ReportRelayReady relayReady => RelayReady(session, relayReady, now),
            ReportConnectionFailed failed => ConnectionFailed(session, failed, now),
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
        { State: SessionState.HostReady, ConnectedAt: null, HostReadyAt: { } readyAt } => readyAt + timeouts.ConnectTimeout,
        { State: SessionState.Relaying, ConnectedAt: null, RelayExpiresAt: { } ticketsExpire } => ticketsExpire - RelayRung.TicketLifetime + timeouts.ConnectTimeout,
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

        // A responder who blocks the initiator is offline to it: the same refusal, word for word, so that a block tells the
        // blocked user nothing (docs/decisions.md, "Blocking looks like being offline").
        if (!request.ResponderPresence.Online || request.BlockedByResponder)
        {
            return Refuse(null, CoordinatorError.FailedPrecondition, $"{responder.Username} is offline");
        }

        if (!request.InitiatorPresence.Online)
        {
            return Refuse(null, CoordinatorError.FailedPrecondition,
                $"{initiator.Username} is not connected: open the Connect stream before requesting a chat");
        }

        if (request.InitiatorOpenSessions >= timeouts.MaxOpenSessionsPerUser)
        {
            return Refuse(null, CoordinatorError.ResourceExhausted,
                $"{initiator.Username} has {request.InitiatorOpenSessions} open sessions, the most a user may have: end or wait for one first");
        }

        if (request.ResponderOpenSessions >= timeouts.MaxOpenSessionsPerUser)
        {
            return Refuse(null, CoordinatorError.ResourceExhausted, $"{responder.Username} has too many open sessions to take another request now");
        }

        var requested = new SessionRecord(request.SessionId, initiator, responder, SessionState.Requested, now);
        if (HostSelector.Select(initiator.UserId, request.InitiatorPresence, responder.UserId, request.ResponderPresence, now) is null && !relays.IsConfigured)
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

        var selection = HostSelector.Select(session.Initiator.UserId, accept.InitiatorPresence, session.Responder.UserId, accept.ResponderPresence, now);
        if (selection is null && relays.IsConfigured)
        {
            // No direct path: the initiator hosts over the relay, once it has its session certificate.
            var relayed = session with { State = SessionState.Accepted, HostId = session.Initiator.UserId, AcceptedAt = now, Path = ConnectionPath.Relayed };
            return Changed(relayed, [new SessionDelivery(session.Initiator.UserId, HostInfo(relayed)), new SessionDelivery(session.Responder.UserId, DialLaterInfo(relayed))]);
        }

        if (selection is not { } chosen)
        {
            var ending = EndWith(session, SessionEndReason.NoConnectionPath, NoConnectionPath(session), now);
            return ending with { Refusal = new SessionRefusal(CoordinatorError.FailedPrecondition, NoConnectionPath(session)) };
        }

        var hostPresence = chosen.HostId == session.Initiator.UserId ? accept.InitiatorPresence : accept.ResponderPresence;
        var accepted = session with
        {
            State = SessionState.Accepted,
            HostId = chosen.HostId,
            AcceptedAt = now,
            Path = chosen.Path,
            HostLanAddresses = chosen.SameNetwork ? hostPresence.LocalAddresses : [],
        };
        var dialler = accepted.PeerOf(chosen.HostId).UserId;
        return chosen.Path == ConnectionPath.Punched
            ? Changed(accepted, [new SessionDelivery(chosen.HostId, HostInfo(accepted)), new SessionDelivery(dialler, DialLaterInfo(accepted))])
            : Changed(accepted, [new SessionDelivery(chosen.HostId, HostInfo(accepted))]);
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
        if (RequireWaitingHost(session, ready.CallerId, "HostReady") is { } refused)
        {
            return refused;
        }

        if (session.Path is ConnectionPath.Punched or ConnectionPath.Relayed)
        {
            return Refuse(session, CoordinatorError.FailedPrecondition,
                session.Path == ConnectionPath.Punched ? "a punched session's host reports ReportPunchReady" : "a relayed session's host reports ReportRelayReady");
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
        return session.State == SessionState.Ended ? Revise(session, end.Reason, now) : EndWith(session, end.Reason, detail, now);
    }

    // Both participants report how their connection ended, seconds apart, and the first report is often the consequence of
    // the other side's end rather than its cause: a side whose peer timed out sees the call close and may report it first.
    // So a report that ranks higher (a failure one side detected, over a normal end, over a lost connection) replaces a
    // participant's report recorded within the revision window; nobody is told again, and the coordinator's own reasons stand.
    private SessionStep Revise(SessionRecord session, SessionEndReason reported, DateTimeOffset now) =>
        session is { EndReason: { } recorded, EndedAt: { } endedAt }
        && recorded.IsReportedByParticipants()
        && now - endedAt <= timeouts.EndReportRevisionWindow
        && reported.ReportRank() > recorded.ReportRank()
            ? Changed(session with { EndReason = reported }, [])
            : Unchanged(session);

    private SessionStep Connected(SessionRecord session, ReportConnected connected, DateTimeOffset now)
    {
        if (RequireParticipant(session, connected.CallerId) is { } notParticipant)
        {
            return notParticipant;
        }

        if (session.State != SessionState.Relaying
            && RequireState(session, SessionState.HostReady, "the peers cannot be connected before the host is ready") is { } wrongState)
        {
            return wrongState;
        }

        return session.ConnectedAt is null ? Changed(session with { ConnectedAt = now }, []) : Unchanged(session);
    }

    private SessionStep RelayReady(SessionRecord session, ReportRelayReady ready, DateTimeOffset now)
    {
        if (RequireWaitingHost(session, ready.CallerId, "ReportRelayReady") is { } refused)
        {
            return refused;
        }

        return session.Path == ConnectionPath.Relayed
            ? Relay(session with { HostReadyAt = now }, ready.CertificateSha256, now)
            : Refuse(session, CoordinatorError.FailedPrecondition, "this session is not relayed: the host reports HostReady or ReportPunchReady");
    }

    private SessionStep ConnectionFailed(SessionRecord session, ReportConnectionFailed failed, DateTimeOffset now)
    {
        if (RequireParticipant(session, failed.CallerId) is { } notParticipant)
        {
            return notParticipant;
        }

        // A report about a rung the session has left (both sides of a punch fail at once), or about a connection that was
        // made (its end comes with EndSession), changes nothing.
        if (session.State == SessionState.Ended || session.ConnectedAt is not null || failed.FailedPath != session.Path)
        {
            return Unchanged(session);
        }

        if (relays.IsConfigured && session is { State: SessionState.HostReady, Path: not ConnectionPath.Relayed, HostEndpoint: { } host })
        {
            return Relay(session, host.CertificateSha256, now);
        }

        var detail = $"{PathName(session.Path)}{(string.IsNullOrEmpty(failed.Detail) ? "could not connect" : failed.Detail)} "
            + $"(reported by {session.ParticipantOf(failed.CallerId)!.Username})";
        return EndWith(session, SessionEndReason.ConnectionFailed, detail, now);
    }

    // Both sides get a ticket for the session's relay; the host serves TLS over its relay connection with the certificate
    // it already has, so the dialler pins the same fingerprint.
    private SessionStep Relay(SessionRecord session, byte[] hostCertificateSha256, DateTimeOffset now)
    {
        var relay = relays.For(session.SessionId);
        var relaying = session with
        {
            State = SessionState.Relaying,
            Path = ConnectionPath.Relayed,
            HostEndpoint = new HostEndpoint(relay.Host, relay.Port, hostCertificateSha256),
            HostLanAddresses = [],
            DialerPunch = null,
            RelayId = relay.Id,
            // Whole seconds, as the ticket carries it.
            RelayExpiresAt = DateTimeOffset.FromUnixTimeSeconds((now + RelayRung.TicketLifetime).ToUnixTimeSeconds()),
        };
        var hostId = relaying.HostId!.Value;
        return Changed(relaying,
        [
            new SessionDelivery(hostId, RelayGo(relaying, hostId)),
            new SessionDelivery(relaying.PeerOf(hostId).UserId, RelayGo(relaying, relaying.PeerOf(hostId).UserId)),
        ]);
    }

    private RelayGoEvent RelayGo(SessionRecord relaying, Guid userId)
    {
        var side = relaying.HostId == userId ? SessionRole.Host : SessionRole.Dial;
        var relay = relaying.HostEndpoint!;
        var expiresAt = relaying.RelayExpiresAt!.Value;
        var ticket = relays.Ticket(relaying.SessionId, side, expiresAt, relaying.RelayId!);
        return new RelayGoEvent(relaying.SessionId, relay.Address, relay.Port, side, ticket, expiresAt, side == SessionRole.Dial ? relay.CertificateSha256 : null);
    }

    private static string PathName(ConnectionPath path) => path switch
    {
        ConnectionPath.Direct => "direct connection: ",
        ConnectionPath.Reversed => "reversed connection: ",
        ConnectionPath.Punched => "hole punch: ",
        ConnectionPath.Relayed => "relay: ",
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
                when session.HostId != replay.UserId && session.ParticipantOf(replay.UserId) is not null => DialLaterInfo(session),
            { State: SessionState.Accepted, Path: ConnectionPath.Relayed }
                when session.HostId != replay.UserId && session.ParticipantOf(replay.UserId) is not null => DialLaterInfo(session),
            { State: SessionState.Relaying, ConnectedAt: null } when session.ParticipantOf(replay.UserId) is not null => RelayGo(session, replay.UserId),
            { State: SessionState.Accepted, Path: not ConnectionPath.Punched } when session.HostId == replay.UserId => HostInfo(session),
            { State: SessionState.HostReady, Path: not ConnectionPath.Punched, ConnectedAt: null }
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

        return session.State switch
        {
            SessionState.Requested => EndWith(session, SessionEndReason.RequestTimeout, $"{session.Responder.Username} did not answer in time", now),
            SessionState.Accepted => EndWith(session, SessionEndReason.HostReadyTimeout, "the host did not open its listener in time", now),
            _ => EndWith(session, SessionEndReason.ConnectionFailed, $"{PathName(session.Path)}the peers did not report a connection in time", now),
        };
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

    // The host's report that it is ready, while the accepted session waits for it.
    private SessionStep? RequireWaitingHost(SessionRecord session, Guid callerId, string report)
    {
        if (RequireParticipant(session, callerId) is { } notParticipant)
        {
            return notParticipant;
        }

        return session.HostId != callerId
            ? Refuse(session, CoordinatorError.PermissionDenied, $"only the host of this session reports {report}")
            : RequireState(session, SessionState.Accepted, "the host has reported ready already");
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

    // A punched or relayed session's dialler learns its role now, and where to connect with PunchGo or RelayGo.
    private static SessionInfoEvent DialLaterInfo(SessionRecord session)
    {
        var host = session.HostId!.Value;
        return new SessionInfoEvent(session.SessionId, SessionRole.Dial, session.ParticipantOf(host)!, host != session.Initiator.UserId, null, session.Path);
    }

    private static string NoConnectionPath(SessionRecord session) =>
        $"no direct path: neither {session.Initiator.Username} nor {session.Responder.Username} can be reached from outside, "
        + "and their networks do not allow a hole punch";
}
