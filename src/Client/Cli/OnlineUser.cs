using LogChat.Client.Chat;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Client.Reachability;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli;

/// <summary>A profile unlocked with its password and logged in; optionally online for chats.</summary>
public sealed class OnlineUser : IAsyncDisposable
{
    private OnlineUser(ProfileFolder profile, IdentityKeyPair identity, PinStore pins, CoordinatorSession? coordinator)
    {
        Profile = profile;
        Identity = identity;
        Pins = pins;
        Coordinator = coordinator;
    }

    public ProfileFolder Profile { get; }

    public IdentityKeyPair Identity { get; }

    public PinStore Pins { get; }

    /// <summary>The logged-in session, until <see cref="GoOnlineAsync"/> hands it to a <see cref="ChatClient"/>.</summary>
    public CoordinatorSession? Coordinator { get; private set; }

    /// <summary>Unlocks the profile's identity key and logs in (settling an interrupted password change or key rotation first).</summary>
    public static async Task<OnlineUser> LoginAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var profile = ProfileResolver.Resolve(settings);
        var password = PasswordSource.ForLogin(settings, profile.Username);
        var pins = PinStore.Open(profile);
        var (unlocked, coordinator) = await ProfileLogin.LoginAsync(settings, profile, password, cancellationToken).ConfigureAwait(false);
        using (unlocked)
        {
            PhaseTrace.Mark("logged-in");
            return new OnlineUser(profile, unlocked.TakeIdentity(), pins, coordinator);
        }
    }

    /// <summary>Opens the listener (unless <c>--no-inbound</c>), measures how peers reach it and opens the event stream.</summary>
    public async Task<ChatClient> GoOnlineAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var coordinator = Coordinator ?? throw new InvalidOperationException("Already online.");
        var network = NetworkProfile.Of(Profile);
        var listener = await OpenListenerAsync(settings, network, cancellationToken).ConfigureAwait(false);
        Coordinator = null;
        var client = await ChatClient.GoOnlineAsync(coordinator, Identity, Pins, listener, network, settings.Peer, StatusLine.Write, cancellationToken)
            .ConfigureAwait(false);
        PhaseTrace.Mark("online");
        StatusLine.Write($"Online as {Profile.Username}.");
        return client;
    }

    /// <summary>
    /// The listener that hosts this side's chats, on the profile's port (or <c>--listen-port</c>, then kept in the
    /// profile); another port, said on stderr, when that one cannot be used; null with <c>--no-inbound</c>.
    /// </summary>
    public static async Task<PeerListener?> OpenListenerAsync(ClientSettings settings, NetworkProfile network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(network);
        if (settings.Inbound.NoInbound)
        {
            return null;
        }

        var port = network.ListenPort(settings.Inbound.ListenPort);
        PeerListener listener;
        try
        {
            listener = await PeerListener.StartAsync(settings.Peer.ListenAddress, port, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new UserFacingException($"Cannot listen for peers on {settings.Peer.ListenAddress}: {ex.Message}", ex);
        }

        if (listener.RequestedPortProblem is { } problem)
        {
            StatusLine.Write($"The listen {problem}; listening on port {listener.Port} for this run.");
        }

        return listener;
    }

    public ValueTask DisposeAsync()
    {
        Coordinator?.Dispose();
        Identity.Dispose();
        return ValueTask.CompletedTask;
    }
}
