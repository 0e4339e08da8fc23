using LogChat.Grains.Accounts;
using LogChat.Grains.Auth;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Testing;

namespace LogChat.Grains.Tests.Support;

/// <summary>
/// A registered user with one Connect stream on a <see cref="RecordingGateway"/>, whose lease is renewed the way
/// a gateway renews it until the test stops renewing (a crashed gateway) or disconnects.
/// </summary>
public sealed class ConnectedUser : IAsyncDisposable
{
    public const string GatewayId = "test-gateway";

    /// <summary>The token the user's streams are opened with: one that does not expire during a test.</summary>
    public static readonly StreamToken Token = new(Guid.NewGuid(), DateTimeOffset.MaxValue);

    private readonly RecordingGateway _gateway;
    private readonly IGatewayObserver _gatewayReference;
    private readonly TimeSpan _renewInterval;
    private CancellationTokenSource _renewal = new();
    private Task _renewing = Task.CompletedTask;
    private bool _disconnected;

    private ConnectedUser(Participant user, IPresenceGrain presence, RecordingGateway gateway, IGatewayObserver gatewayReference, TimeSpan renewInterval)
    {
        User = user;
        Presence = presence;
        _gateway = gateway;
        _gatewayReference = gatewayReference;
        _renewInterval = renewInterval;
    }

    public Participant User { get; }

    public Guid UserId => User.UserId;

    public string Username => User.Username;

    public IPresenceGrain Presence { get; }

    /// <summary>The current Connect stream.</summary>
    public Guid ConnectionId { get; private set; } = Guid.NewGuid();

    /// <summary>The events delivered to the current Connect stream so far.</summary>
    public IReadOnlyList<ClientEvent> Events => _gateway.EventsOf(ConnectionId);

    public static async Task<ConnectedUser> ConnectAsync(
        IGrainFactory grains, RecordingGateway gateway, IGatewayObserver gatewayReference, Participant user, TimeSpan renewInterval)
    {
        var connected = new ConnectedUser(user, grains.GetGrain<IPresenceGrain>(user.UserId), gateway, gatewayReference, renewInterval);
        await connected.OpenStreamAsync();
        return connected;
    }

    /// <summary>Waits for an event of type <typeparamref name="T"/> matching <paramref name="match"/> and returns it.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
        where T : ClientEvent
    {
        T? found = null;
        await Eventually.TrueAsync(
            () => (found = Events.OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true)) is not null,
            $"a {typeof(T).Name} for {Username}");
        return found!;
    }

    /// <summary>The session-ended event of <paramref name="sessionId"/>, once it arrives.</summary>
    public Task<SessionEndedEvent> WaitForEndAsync(Guid sessionId) => WaitForAsync<SessionEndedEvent>(e => e.SessionId == sessionId);

    /// <summary>Stops renewing the lease without disconnecting, as a gateway that crashed does.</summary>
    public async Task StopRenewingAsync()
    {
        await _renewal.CancelAsync();
        await _renewing;
    }

    /// <summary>Renews the current stream again, as a gateway whose renewals were lost for a while does.</summary>
    public void ResumeRenewing()
    {
        _renewal.Dispose();
        _renewal = new CancellationTokenSource();
        _renewing = RenewAsync(ConnectionId, _renewal.Token);
    }

    /// <summary>Closes the Connect stream the way a gateway does when the client goes away.</summary>
    public async Task DisconnectAsync()
    {
        await StopRenewingAsync();
        await Presence.Disconnect(ConnectionId);
        _disconnected = true;
    }

    /// <summary>Closes the stream and opens a new one (a client that reconnects).</summary>
    public async Task ReconnectAsync()
    {
        await DisconnectAsync();
        ConnectionId = Guid.NewGuid();
        await OpenStreamAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_disconnected)
        {
            await DisconnectAsync();
        }

        _renewal.Dispose();
    }

    private async Task OpenStreamAsync()
    {
        await Presence.Connect(ConnectionId, _gatewayReference, GatewayId, Token);
        _disconnected = false;
        ResumeRenewing();
    }

    private async Task RenewAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_renewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await Presence.Renew(connectionId, _gatewayReference, GatewayId, Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The test stopped renewing.
        }
    }
}
