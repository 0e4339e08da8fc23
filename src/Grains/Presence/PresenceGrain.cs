using LogChat.Grains.Auth;
using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Presence;

public sealed class PresenceGrain(PresenceStore store, ISessionStore sessions, PresenceDeadlines deadlines, IOptions<PresenceOptions> options, TimeProvider clock)
    : LogChatGrain, IPresenceGrain
{
    // Two endpoints make a measurement; a few more allow for several gateways and a retry.
    private const int MaxObservations = 4;

    private static readonly PresenceSnapshot Unmeasured = new(false, NatType.Unknown, false, null);

    private readonly PresenceOptions _options = options.Value;

    // Rarely more than one: an array costs a connected user a quarter of what a dictionary does.
    private Connection[] _connections = [];

    // The latest observation of each gateway endpoint, for a measurement in progress; kept only in memory.
    private MappingObservation[] _observations = [];
    private PresenceSnapshot _presence = Unmeasured;
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

    public Task Connect(Guid connectionId, IGatewayObserver gateway, string gatewayId, StreamToken token)
    {
        if (IndexOf(connectionId) < 0 && _connections.Length >= _options.MaxStreamsPerUser)
        {
            throw CoordinatorException.ResourceExhausted(
                $"this user already has {_connections.Length} open Connect streams, the most allowed: close another client, or log out everywhere");
        }

        return RegisterAsync(connectionId, gateway, gatewayId, token);
    }

    private async Task RegisterAsync(Guid connectionId, IGatewayObserver gateway, string gatewayId, StreamToken token)
    {
        Put(new Connection(connectionId, gateway, gatewayId, clock.GetUtcNow() + _options.LeaseDuration, token));
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

    public Task Renew(Guid connectionId, IGatewayObserver gateway, string gatewayId, StreamToken token)
    {
        var index = IndexOf(connectionId);
        if (index < 0)
        {
            // Registered again after a silo failure: a stream that exists, so not refused for the stream limit.
            return RegisterAsync(connectionId, gateway, gatewayId, token);
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

        Remove(c => c.Id == connectionId);
        return Task.CompletedTask;
    }

    public Task EndStreams(Guid? tokenId, string reason)
    {
        var ended = End(c => tokenId is not { } id || c.Token.TokenId == id, reason);
        if (ended)
        {
            ScheduleDeadline();
        }

        return Task.CompletedTask;
    }

    public Task Close(string reason)
    {
        End(_ => true, reason);
        _observations = [];
        _presence = Unmeasured;
        _offlineAt = null;
        deadlines.Cancel(UserId);
        DeactivateOnIdle();
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
        End(c => c.Token.ExpiresAt <= now, "this login expired: log in again");
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
            var due = connection.LeaseExpiresAt < connection.Token.ExpiresAt ? connection.LeaseExpiresAt : connection.Token.ExpiresAt;
            if (next is null || due < next)
            {
                next = due;
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

    // Tells the gateways of the matching streams to end them, and forgets them; true when there were any.
    private bool End(Predicate<Connection> match, string reason)
    {
        var ending = Array.FindAll(_connections, match);
        foreach (var connection in ending)
        {
            connection.Gateway.EndStream(connection.Id, reason);
        }

        if (ending.Length > 0)
        {
            Remove(match);
        }

        return ending.Length > 0;
    }

    // Forgets the matching streams; the user goes offline after the grace period unless another stream arrives.
    private void Remove(Predicate<Connection> match)
    {
        _connections = Array.FindAll(_connections, c => !match(c));
        if (_connections.Length == 0 && _presence.Online)
        {
            _offlineAt = clock.GetUtcNow() + _options.DisconnectGrace;
            ScheduleDeadline();
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
    private readonly record struct Connection(Guid Id, IGatewayObserver Gateway, string GatewayId, DateTimeOffset LeaseExpiresAt, StreamToken Token);
}
