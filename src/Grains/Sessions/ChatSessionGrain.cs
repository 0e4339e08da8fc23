using LogChat.Grains.Accounts;
using LogChat.Grains.Blocking;
using LogChat.Grains.Errors;
using LogChat.Grains.Presence;
using LogChat.Grains.Relays;
using LogChat.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Sessions;

/// <summary>
/// The adapter between Orleans and <see cref="SessionMachine"/>: gathers what a command needs (presences, in
/// parallel), applies it, stores the result before anything is sent, sends the events, arms the deadline timer and
/// turns a refusal into a <see cref="CoordinatorException"/>. Everything needed to resume is in the
/// <c>sessions</c> row, so an activation on any silo picks up where another left off: it reads the row before its first
/// command, except a <see cref="Request"/>, whose id the gateway has just issued; that one's insert-only write
/// refuses an id that is taken after all.
/// </summary>
public sealed class ChatSessionGrain(GrainReferences grains, ISessionStore store, SessionMetrics metrics, IOptions<SessionOptions> options, RelayRung relays, TimeProvider clock)
    : LogChatGrain, IChatSessionGrain
{
    private static readonly PresenceSnapshot Unknown = new(false, NatType.Unknown, false, null);

    private readonly SessionMachine _machine = new(options.Value, relays);
    private SessionRecord? _session;
    private bool _loaded;
    private IGrainTimer? _deadlineTimer;

    private Guid SessionId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _deadlineTimer = this.RegisterGrainTimer(
            _ => ApplyAsync(new DeadlineReached()),
            new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public async Task<DateTimeOffset> Request(Participant initiator, Participant responder)
    {
        ArgumentNullException.ThrowIfNull(initiator);
        ArgumentNullException.ThrowIfNull(responder);
        var request = new RequestChat(SessionId, initiator, Unknown, responder, Unknown);
        _loaded = true;
        if (_session is null)
        {
            var openSessions = store.OpenSessionCountsAsync(initiator.UserId, responder.UserId);
            var blocked = grains.Get<IBlockListGrain>(responder.UserId).Blocks(initiator.UserId);
            var (initiatorPresence, responderPresence) = await PresencesAsync(initiator.UserId, responder.UserId);
            var (initiatorOpen, responderOpen) = await openSessions;
            request = request with
            {
                InitiatorPresence = initiatorPresence,
                ResponderPresence = responderPresence,
                InitiatorOpenSessions = initiatorOpen,
                ResponderOpenSessions = responderOpen,
                BlockedByResponder = await blocked,
            };
        }

        var step = await ApplyAsync(request);
        return _machine.RequestExpiry(step.Session!);
    }

    public async Task<SessionRole> Accept(Guid callerId)
    {
        await LoadOnceAsync();
        var (initiatorPresence, responderPresence) = _session is { } session
            ? await PresencesAsync(session.Initiator.UserId, session.Responder.UserId)
            : (Unknown, Unknown);
        var step = await ApplyAsync(new AcceptChat(callerId, initiatorPresence, responderPresence));
        return step.Session!.HostId == callerId ? SessionRole.Host : SessionRole.Dial;
    }

    public Task Decline(Guid callerId, SessionEndReason reason) => ApplyAsync(new DeclineChat(callerId, reason));

    public Task ReportHostReady(Guid callerId, string observedAddress, int port, byte[] certificateSha256) =>
        ApplyAsync(new Sessions.ReportHostReady(callerId, observedAddress, port, certificateSha256));

    public Task EndSession(Guid callerId, SessionEndReason reason, string? detail) => ApplyAsync(new EndChat(callerId, reason, detail));

    public Task ReportPunchReady(Guid callerId, PunchEndpoint observed, byte[]? certificateSha256) =>
        ApplyAsync(new Sessions.ReportPunchReady(callerId, observed, certificateSha256));

    public Task ReportRelayReady(Guid callerId, byte[] certificateSha256) => ApplyAsync(new Sessions.ReportRelayReady(callerId, certificateSha256));

    public async Task<bool> ReportConnectionFailed(Guid callerId, ConnectionPath failedPath, string? detail)
    {
        var step = await ApplyAsync(new Sessions.ReportConnectionFailed(callerId, failedPath, detail));
        return step.Session?.State == SessionState.Relaying;
    }

    public Task ReportConnected(Guid callerId) => ApplyAsync(new Sessions.ReportConnected(callerId));

    public Task ParticipantWentOffline(Guid userId) => ApplyAsync(new Sessions.ParticipantWentOffline(userId));

    public Task Withdraw(Guid userId) => ApplyAsync(new Sessions.ParticipantWentOffline(userId));

    public Task ReplayPendingEvent(Guid userId) => ApplyAsync(new Sessions.ReplayPendingEvent(userId));

    public async Task<SessionRecord> GetRecord()
    {
        await LoadOnceAsync();
        return _session ?? throw CoordinatorException.NotFound("no such session");
    }

    private async Task LoadOnceAsync()
    {
        if (!_loaded)
        {
            _session = await store.LoadAsync(SessionId);
            _loaded = true;
            ArmDeadline(_machine.DeadlineOf(_session));
        }
    }

    private async Task<SessionStep> ApplyAsync(SessionCommand command)
    {
        await LoadOnceAsync();
        var before = _session;
        var step = _machine.Apply(before, command, clock.GetUtcNow());
        if (step.Changed)
        {
            if (!await (before is null ? store.TryInsertAsync(step.Session!) : store.TryUpdateAsync(step.Session!)))
            {
                // Another writer got there first (an id taken after all, a row deleted with its account): start again from the row.
                _loaded = false;
                return await ApplyAsync(command);
            }

            _session = step.Session;
            metrics.Transition(before, step.Session!);
        }

        foreach (var delivery in step.Deliveries)
        {
            await Presence(delivery.UserId).Deliver(delivery.Event);
        }

        ArmDeadline(step.Deadline);
        if (step.Session?.State == SessionState.Ended)
        {
            DeactivateOnIdle();
        }

        return step.Refusal is { } refusal ? throw refusal.ToException() : step;
    }

    private async Task<(PresenceSnapshot First, PresenceSnapshot Second)> PresencesAsync(Guid first, Guid second)
    {
        var firstPresence = Presence(first).GetPresence();
        var secondPresence = Presence(second).GetPresence();
        return (await firstPresence, await secondPresence);
    }

    private void ArmDeadline(DateTimeOffset? deadline)
    {
        var now = clock.GetUtcNow();
        var due = deadline is { } at ? (at > now ? at - now : TimeSpan.Zero) : Timeout.InfiniteTimeSpan;
        _deadlineTimer?.Change(due, Timeout.InfiniteTimeSpan);
    }

    private IPresenceGrain Presence(Guid userId) => grains.Get<IPresenceGrain>(userId);
}
