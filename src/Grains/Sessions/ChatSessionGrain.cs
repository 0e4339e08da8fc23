using LogChat.Grains.Accounts;
using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Sessions;

public sealed class ChatSessionGrain(SessionStore store, SessionMetrics metrics, IOptions<SessionOptions> options, TimeProvider clock)
    : LogChatGrain, IChatSessionGrain
{
    private readonly SessionOptions _options = options.Value;
    private SessionRecord? _session;
    private HostEndpoint? _hostEndpoint;
    private IGrainTimer? _timeoutTimer;

    private Guid SessionId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _timeoutTimer = this.RegisterGrainTimer(OnTimeoutAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _session = await store.LoadAsync(SessionId);
        if (_session is { State: not SessionState.Ended } session)
        {
            // Reactivated after the silo that held it stopped: pick up the deadlines and offline tracking again.
            await PresenceOf(session.Initiator).TrackSession(SessionId);
            await PresenceOf(session.Responder).TrackSession(SessionId);
            ArmTimeout();
        }
    }

    public async Task<DateTimeOffset> Request(Participant initiator, Participant responder)
    {
        if (_session is not null)
        {
            throw CoordinatorException.AlreadyExists("this session exists already");
        }

        if (initiator.UserId == responder.UserId)
        {
            throw CoordinatorException.FailedPrecondition("you cannot request a chat with yourself");
        }

        var initiatorPresence = await PresenceOf(initiator).GetPresence();
        var responderPresence = await PresenceOf(responder).GetPresence();
        if (!responderPresence.Online)
        {
            throw CoordinatorException.FailedPrecondition($"{responder.Username} is offline");
        }

        if (!initiatorPresence.Online)
        {
            throw CoordinatorException.FailedPrecondition(
                $"{initiator.Username} is not connected: open the Connect stream before requesting a chat");
        }

        var now = clock.GetUtcNow();
        var session = new SessionRecord(SessionId, initiator, responder, null, SessionState.Requested, now, null, null, null, null);
        if (HostSelector.Select(initiator.UserId, initiatorPresence, responder.UserId, responderPresence) is null)
        {
            _session = session with { State = SessionState.Ended, EndedAt = now, EndReason = SessionEndReason.NoConnectionPath };
            await store.SaveAsync(_session);
            metrics.Ended(SessionEndReason.NoConnectionPath);
            DeactivateOnIdle();
            throw CoordinatorException.FailedPrecondition(NoConnectionPath(session));
        }

        _session = session;
        await store.SaveAsync(session);
        await PresenceOf(initiator).TrackSession(SessionId);
        await PresenceOf(responder).TrackSession(SessionId);
        var expiresAt = now + _options.RequestTimeout;
        await PresenceOf(responder).Deliver(ChatRequested(session));
        metrics.Requested();
        ArmTimeout();
        return expiresAt;
    }

    public async Task<SessionRole> Accept(Guid callerId)
    {
        var session = RequireResponder(callerId, "accept");
        var initiatorPresence = await PresenceOf(session.Initiator).GetPresence();
        var responderPresence = await PresenceOf(session.Responder).GetPresence();
        var hostId = HostSelector.Select(session.Initiator.UserId, initiatorPresence, session.Responder.UserId, responderPresence);
        if (hostId is not { } host)
        {
            await EndAsync(SessionEndReason.NoConnectionPath, NoConnectionPath(session));
            throw CoordinatorException.FailedPrecondition(NoConnectionPath(session));
        }

        _session = session with { State = SessionState.Accepted, HostId = host, AcceptedAt = clock.GetUtcNow() };
        await store.SaveAsync(_session);
        await PresenceOf(session.ParticipantOf(host)!).Deliver(HostInfo(_session));
        ArmTimeout();
        return host == callerId ? SessionRole.Host : SessionRole.Dial;
    }

    public async Task Decline(Guid callerId)
    {
        var session = RequireResponder(callerId, "decline");
        await EndAsync(SessionEndReason.Declined, $"{session.Responder.Username} declined the chat");
    }

    public async Task ReportHostReady(Guid callerId, string observedAddress, int port, byte[] certificateSha256)
    {
        var session = RequireParticipant(callerId);
        if (session.HostId != callerId)
        {
            throw CoordinatorException.PermissionDenied("only the host of this session reports HostReady");
        }

        RequireState(session, SessionState.Accepted, "the host has reported ready already");
        var hostPresence = await PresenceOf(session.ParticipantOf(callerId)!).GetPresence();
        var address = string.IsNullOrEmpty(hostPresence.PublicAddress) ? observedAddress : hostPresence.PublicAddress;
        var readyAt = clock.GetUtcNow();
        _session = session with { State = SessionState.HostReady, HostReadyAt = readyAt };
        _hostEndpoint = new HostEndpoint(address, port, certificateSha256);
        await store.SaveAsync(_session);
        metrics.SetupCompleted(readyAt - session.StartedAt);
        ArmTimeout();
        await PresenceOf(session.PeerOf(callerId)).Deliver(DialInfo(_session, _hostEndpoint));
    }

    public async Task EndSession(Guid callerId, SessionEndReason reason)
    {
        var session = RequireParticipant(callerId);
        if (session.State != SessionState.Ended)
        {
            await EndAsync(reason, $"ended by {session.ParticipantOf(callerId)!.Username}");
        }
    }

    public async Task ParticipantWentOffline(Guid userId)
    {
        if (_session is { State: not SessionState.Ended } session && session.ParticipantOf(userId) is { } participant)
        {
            await EndAsync(SessionEndReason.ParticipantOffline, $"{participant.Username} went offline");
        }
    }

    public async Task ReplayPendingEvent(Guid userId)
    {
        ClientEvent? pending = _session switch
        {
            { State: SessionState.Requested } s when s.Responder.UserId == userId => ChatRequested(s),
            { State: SessionState.Accepted } s when s.HostId == userId => HostInfo(s),
            { State: SessionState.HostReady } s when s.HostId != userId && s.ParticipantOf(userId) is not null && _hostEndpoint is { } endpoint
                => DialInfo(s, endpoint),
            _ => null,
        };
        if (pending is not null)
        {
            await PresenceOf(_session!.ParticipantOf(userId)!).Deliver(pending);
        }
    }

    public Task<SessionRecord> GetRecord() => Task.FromResult(_session ?? throw UnknownSession());

    private async Task OnTimeoutAsync(CancellationToken cancellationToken)
    {
        switch (_session)
        {
            case { State: SessionState.Requested } s when clock.GetUtcNow() >= s.StartedAt + _options.RequestTimeout:
                await EndAsync(SessionEndReason.RequestTimeout, $"{s.Responder.Username} did not answer in time");
                break;
            case { State: SessionState.Accepted } s when clock.GetUtcNow() >= s.AcceptedAt + _options.HostReadyTimeout:
                await EndAsync(SessionEndReason.HostReadyTimeout, "the host did not open its listener in time");
                break;
            default:
                ArmTimeout();
                break;
        }
    }

    private async Task EndAsync(SessionEndReason reason, string detail)
    {
        var session = _session!;
        _session = session with { State = SessionState.Ended, EndedAt = clock.GetUtcNow(), EndReason = reason };
        await store.SaveAsync(_session);
        metrics.Ended(reason);
        ArmTimeout();
        var ended = new SessionEndedEvent(SessionId, reason, detail);
        foreach (var participant in new[] { session.Initiator, session.Responder })
        {
            await PresenceOf(participant).Deliver(ended);
            await PresenceOf(participant).ForgetSession(SessionId);
        }

        DeactivateOnIdle();
    }

    private void ArmTimeout()
    {
        DateTimeOffset? deadline = _session switch
        {
            { State: SessionState.Requested } s => s.StartedAt + _options.RequestTimeout,
            { State: SessionState.Accepted } s => s.AcceptedAt + _options.HostReadyTimeout,
            _ => null,
        };
        var due = deadline is { } at
            ? (at > clock.GetUtcNow() ? at - clock.GetUtcNow() : TimeSpan.Zero)
            : Timeout.InfiniteTimeSpan;
        _timeoutTimer?.Change(due, Timeout.InfiniteTimeSpan);
    }

    private SessionRecord RequireParticipant(Guid callerId)
    {
        var session = _session ?? throw UnknownSession();
        return session.ParticipantOf(callerId) is null
            ? throw CoordinatorException.PermissionDenied("you are not a participant of this session")
            : session;
    }

    private SessionRecord RequireResponder(Guid callerId, string action)
    {
        var session = RequireParticipant(callerId);
        if (session.Responder.UserId != callerId)
        {
            throw CoordinatorException.PermissionDenied($"only {session.Responder.Username} can {action} this chat");
        }

        RequireState(session, SessionState.Requested, "the chat has been answered already");
        return session;
    }

    private static void RequireState(SessionRecord session, SessionState expected, string otherwise)
    {
        if (session.State == SessionState.Ended)
        {
            throw CoordinatorException.FailedPrecondition($"the session has ended ({session.EndReason?.ToColumn()})");
        }

        if (session.State != expected)
        {
            throw CoordinatorException.FailedPrecondition(otherwise);
        }
    }

    private ChatRequestedEvent ChatRequested(SessionRecord session) =>
        new(SessionId, session.Initiator, session.StartedAt + _options.RequestTimeout);

    private SessionInfoEvent HostInfo(SessionRecord session)
    {
        var host = session.HostId!.Value;
        return new SessionInfoEvent(SessionId, SessionRole.Host, session.PeerOf(host), host == session.Initiator.UserId, null);
    }

    private SessionInfoEvent DialInfo(SessionRecord session, HostEndpoint endpoint)
    {
        var host = session.HostId!.Value;
        var dialler = session.PeerOf(host);
        return new SessionInfoEvent(SessionId, SessionRole.Dial, session.ParticipantOf(host)!, dialler.UserId == session.Initiator.UserId, endpoint);
    }

    private static string NoConnectionPath(SessionRecord session) =>
        $"no connection path: neither {session.Initiator.Username} nor {session.Responder.Username} can accept inbound connections";

    private static CoordinatorException UnknownSession() => CoordinatorException.NotFound("no such session");

    private IPresenceGrain PresenceOf(Participant participant) => GrainFactory.GetGrain<IPresenceGrain>(participant.UserId);
}
