using LogChat.Grains.Events;
using LogChat.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Presence;

public sealed class PresenceGrain(PresenceStore store, IOptions<PresenceOptions> options, TimeProvider clock)
    : Grain, IPresenceGrain
{
    private readonly PresenceOptions _options = options.Value;
    private readonly Dictionary<Guid, Connection> _connections = [];
    private readonly HashSet<Guid> _sessions = [];
    private PresenceSnapshot _presence = new(false, NatType.Unknown, false, null);
    private DateTimeOffset? _offlineAt;
    private IGrainTimer? _deadlineTimer;

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _presence = await store.LoadAsync(UserId);
        _deadlineTimer = this.RegisterGrainTimer(OnDeadlineAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        if (_presence.Online)
        {
            // The row says online but this activation holds no stream: give the user's gateway one lease
            // to register it again (it does on its next renewal) before believing the row is stale.
            _offlineAt = clock.GetUtcNow() + _options.LeaseDuration;
            ArmTimer();
        }
    }

    public async Task Connect(Guid connectionId, IGatewayObserver gateway, string gatewayId)
    {
        _connections[connectionId] = new Connection(gateway, gatewayId, clock.GetUtcNow() + _options.LeaseDuration);
        _offlineAt = null;
        ArmTimer();
        if (!_presence.Online)
        {
            _presence = _presence with { Online = true };
        }

        await store.SaveAsync(UserId, _presence, gatewayId);
        foreach (var sessionId in _sessions)
        {
            GrainFactory.GetGrain<IChatSessionGrain>(sessionId).ReplayPendingEvent(UserId).Ignore();
        }
    }

    public Task Renew(Guid connectionId, IGatewayObserver gateway, string gatewayId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return Connect(connectionId, gateway, gatewayId);
        }

        _connections[connectionId] = connection with { LeaseExpiresAt = clock.GetUtcNow() + _options.LeaseDuration };
        return Task.CompletedTask;
    }

    public Task Disconnect(Guid connectionId)
    {
        if (_connections.Remove(connectionId) && _connections.Count == 0 && _presence.Online)
        {
            _offlineAt = clock.GetUtcNow() + _options.DisconnectGrace;
            ArmTimer();
        }

        return Task.CompletedTask;
    }

    public async Task Update(NatType natType, bool canAcceptInbound, string? publicAddress)
    {
        _presence = _presence with { NatType = natType, CanAcceptInbound = canAcceptInbound, PublicAddress = publicAddress };
        await store.SaveAsync(UserId, _presence, CurrentGateway());
    }

    public Task<PresenceSnapshot> GetPresence() => Task.FromResult(_presence);

    public Task Deliver(ClientEvent clientEvent)
    {
        foreach (var (connectionId, connection) in _connections)
        {
            connection.Gateway.Deliver(connectionId, clientEvent);
        }

        return Task.CompletedTask;
    }

    public Task TrackSession(Guid sessionId)
    {
        _sessions.Add(sessionId);
        return Task.CompletedTask;
    }

    public Task ForgetSession(Guid sessionId)
    {
        _sessions.Remove(sessionId);
        return Task.CompletedTask;
    }

    private async Task OnDeadlineAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = _connections.Where(c => c.Value.LeaseExpiresAt <= now).Select(c => c.Key).ToList();
        foreach (var connectionId in expired)
        {
            _connections.Remove(connectionId);
        }

        if (_connections.Count == 0 && _presence.Online && (expired.Count > 0 || _offlineAt <= now))
        {
            await GoOfflineAsync();
        }

        ArmTimer();
    }

    private async Task GoOfflineAsync()
    {
        _offlineAt = null;
        _presence = _presence with { Online = false };
        await store.SaveAsync(UserId, _presence, null);
        foreach (var sessionId in _sessions)
        {
            GrainFactory.GetGrain<IChatSessionGrain>(sessionId).ParticipantWentOffline(UserId).Ignore();
        }

        _sessions.Clear();
    }

    private void ArmTimer()
    {
        DateTimeOffset? next = _offlineAt;
        foreach (var connection in _connections.Values)
        {
            if (next is null || connection.LeaseExpiresAt < next)
            {
                next = connection.LeaseExpiresAt;
            }
        }

        var due = next is { } at ? Max(at - clock.GetUtcNow(), TimeSpan.Zero) : Timeout.InfiniteTimeSpan;
        _deadlineTimer?.Change(due, Timeout.InfiniteTimeSpan);
    }

    private string? CurrentGateway() => _connections.Values.Select(c => c.GatewayId).FirstOrDefault();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // A value in the dictionary: a renewal every few seconds replaces it without leaving garbage behind.
    private readonly record struct Connection(IGatewayObserver Gateway, string GatewayId, DateTimeOffset LeaseExpiresAt);
}
