using LogChat.Grains.Events;
using LogChat.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Presence;

public sealed class PresenceGrain(PresenceStore store, ISessionStore sessions, PresenceDeadlines deadlines, IOptions<PresenceOptions> options, TimeProvider clock)
    : LogChatGrain, IPresenceGrain
{
    // Two endpoints make a measurement; a few more allow for several gateways and a retry.
    private const int MaxObservations = 4;

    private readonly PresenceOptions _options = options.Value;

    // Rarely more than one: an array costs a connected user a quarter of what a dictionary does.
    private Connection[] _connections = [];

    // The latest observation of each gateway endpoint, for a measurement in progress; kept only in memory.
    private MappingObservation[] _observations = [];
    private PresenceSnapshot _presence = new(false, NatType.Unknown, false, null);
    private DateTimeOffset? _offlineAt;

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _presence = await store.LoadAsync(UserId);
        if (_presence.Online)
        {
            // The row says online but this activation holds no stream: give the user's gateway one lease
            // to register it again (it does on its next renewal) before believing the row is stale.
            _offlineAt = clock.GetUtcNow() + _options.LeaseDuration;
            ScheduleDeadline();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        deadlines.Cancel(UserId);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task Connect(Guid connectionId, IGatewayObserver gateway, string gatewayId)
    {
        Put(new Connection(connectionId, gateway, gatewayId, clock.GetUtcNow() + _options.LeaseDuration));
        _offlineAt = null;
        ScheduleDeadline();
        if (!_presence.Online)
        {
            _presence = _presence with { Online = true };
        }

        var saved = store.SaveAsync(UserId, _presence, gatewayId);
        // Only sessions that may still wait for this user: a connected one has nothing to replay.
        var unconnected = sessions.UnconnectedSessionsOfAsync(UserId);
        await saved;
        foreach (var sessionId in await unconnected)
        {
            GrainFactory.GetGrain<IChatSessionGrain>(sessionId).ReplayPendingEvent(UserId).Ignore();
        }
    }

    public Task Renew(Guid connectionId, IGatewayObserver gateway, string gatewayId)
    {
        var index = IndexOf(connectionId);
        if (index < 0)
        {
            return Connect(connectionId, gateway, gatewayId);
        }

        _connections[index] = _connections[index] with { LeaseExpiresAt = clock.GetUtcNow() + _options.LeaseDuration };
        return Task.CompletedTask;
    }

    public Task Disconnect(Guid connectionId)
    {
        if (IndexOf(connectionId) < 0)
        {
            return Task.CompletedTask;
        }

        _connections = _connections.Where(c => c.Id != connectionId).ToArray();
        if (_connections.Length == 0 && _presence.Online)
        {
            _offlineAt = clock.GetUtcNow() + _options.DisconnectGrace;
            ScheduleDeadline();
        }

        return Task.CompletedTask;
    }

    public Task RecordObservation(MappingObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var now = clock.GetUtcNow();
        _observations = [.. _observations.Where(o => o.GatewayEndpoint != observation.GatewayEndpoint && now - o.At <= NatClassifier.ObservationLifetime)
            .TakeLast(MaxObservations - 1), observation];
        return Task.CompletedTask;
    }

    public async Task<PresenceSnapshot> RecordReachability(string observedAddress, bool reachable, IReadOnlyList<string> localAddresses)
    {
        var now = clock.GetUtcNow();
        var natType = NatClassifier.Classify(reachable, observedAddress, localAddresses, _observations, now);
        var measured = _presence with
        {
            NatType = natType,
            CanAcceptInbound = reachable,
            PublicAddress = observedAddress,
            MeasuredAt = now,
            LocalAddresses = [.. localAddresses],
        };
        await store.SaveAsync(UserId, measured, CurrentGateway());
        _presence = measured;
        return measured;
    }

    public Task<PresenceSnapshot> GetPresence() => Task.FromResult(_presence);

    public Task Deliver(ClientEvent clientEvent)
    {
        foreach (var connection in _connections)
        {
            connection.Gateway.Deliver(connection.Id, clientEvent);
        }

        return Task.CompletedTask;
    }

    public async Task CheckDeadline()
    {
        var now = clock.GetUtcNow();
        var expired = Array.Exists(_connections, c => c.LeaseExpiresAt <= now);
        if (expired)
        {
            _connections = _connections.Where(c => c.LeaseExpiresAt > now).ToArray();
        }

        if (_connections.Length == 0 && _presence.Online && (expired || _offlineAt <= now))
        {
            await GoOfflineAsync();
        }

        ScheduleDeadline();
    }

    private async Task GoOfflineAsync()
    {
        _offlineAt = null;

        // The row forgets where the user was. The measurement stays, for as long as host selection believes one, and the
        // addresses stay in this activation only, until it is collected: a client that comes back within minutes on the
        // same address reuses its measurement without measuring again, and is still recognised on its LAN.
        _presence = _presence with { Online = false };
        await store.SaveAsync(UserId, _presence with { PublicAddress = null, LocalAddresses = [] }, null);
        foreach (var sessionId in await sessions.OpenSessionsOfAsync(UserId))
        {
            GrainFactory.GetGrain<IChatSessionGrain>(sessionId).ParticipantWentOffline(UserId).Ignore();
        }
    }

    private void ScheduleDeadline()
    {
        DateTimeOffset? next = _offlineAt;
        foreach (var connection in _connections)
        {
            if (next is null || connection.LeaseExpiresAt < next)
            {
                next = connection.LeaseExpiresAt;
            }
        }

        if (next is { } at)
        {
            deadlines.Schedule(UserId, at);
        }
        else
        {
            deadlines.Cancel(UserId);
        }
    }

    private int IndexOf(Guid connectionId)
    {
        for (var i = 0; i < _connections.Length; i++)
        {
            if (_connections[i].Id == connectionId)
            {
                return i;
            }
        }

        return -1;
    }

    private void Put(Connection connection)
    {
        var index = IndexOf(connection.Id);
        if (index < 0)
        {
            _connections = [.. _connections, connection];
        }
        else
        {
            _connections[index] = connection;
        }
    }

    private string? CurrentGateway() => _connections.Length > 0 ? _connections[0].GatewayId : null;

    // A value in the array: a renewal every few seconds replaces it without leaving garbage behind.
    private readonly record struct Connection(Guid Id, IGatewayObserver Gateway, string GatewayId, DateTimeOffset LeaseExpiresAt);
}
