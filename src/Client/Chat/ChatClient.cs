using Grpc.Core;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Chat;

/// <summary>
/// A logged-in, online user: starts chats, answers requests, and turns each accepted session into a
/// <see cref="ChatSession"/>. The coordinator only introduces; content flows peer to peer.
/// </summary>
public sealed class ChatClient : IAsyncDisposable
{
    private readonly CoordinatorSession _coordinator;
    private readonly ServerEventFeed _events;
    private readonly IdentityKeyPair _identity;
    private readonly PinStore _pins;
    private readonly PeerOptions _options;

    private ChatClient(CoordinatorSession coordinator, ServerEventFeed events, IdentityKeyPair identity, PinStore pins, PeerOptions options)
    {
        _coordinator = coordinator;
        _events = events;
        _identity = identity;
        _pins = pins;
        _options = options;
    }

    /// <summary>Status lines about the coordinator link, for the user.</summary>
    public event Action<string>? StatusChanged
    {
        add => _events.StatusChanged += value;
        remove => _events.StatusChanged -= value;
    }

    /// <summary>The logged-in user's name.</summary>
    public string Username => _coordinator.Username;

    /// <summary>
    /// States the presence, opens the event stream and waits until the coordinator says the user is online.
    /// Takes ownership of <paramref name="coordinator"/> (not of <paramref name="identity"/>).
    /// </summary>
    public static async Task<ChatClient> GoOnlineAsync(
        CoordinatorSession coordinator,
        IdentityKeyPair identity,
        PinStore pins,
        PresenceSettings presence,
        PeerOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        await coordinator.UpdatePresenceAsync(presence, cancellationToken).ConfigureAwait(false);
        var events = coordinator.OpenEvents(presence, new ReconnectBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10)));
        var client = new ChatClient(coordinator, events, identity, pins, options);
        events.Start();
        try
        {
            await events.WaitUntilOnlineAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Asks <paramref name="username"/> for a chat and, once accepted, connects to them.</summary>
    public async Task<ChatSession> StartChatAsync(string username, CancellationToken cancellationToken)
    {
        RequestChatResponse response;
        try
        {
            response = await _coordinator.RequestChatAsync(username, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.ResourceExhausted)
        {
            throw new ChatSetupException(ex.Status.Detail, ex);
        }

        return await ConnectAsync(Guid.Parse(response.SessionId), username, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the next chat request addressed to this user.</summary>
    public async Task<ChatRequested> WaitForRequestAsync(CancellationToken cancellationToken)
    {
        await foreach (var serverEvent in _events.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (serverEvent.EventCase == ServerEvent.EventOneofCase.ChatRequested)
            {
                return serverEvent.ChatRequested;
            }
        }

        throw new OperationCanceledException("The event stream ended.");
    }

    /// <summary>How the requester's identity key relates to the pins (without pinning it yet).</summary>
    public PinState PinStateOf(ChatRequested request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _pins.StateOf(request.FromUsername, request.FromIdentityKey is { } key ? key.PublicKey.Span : default);
    }

    /// <summary>Accepts <paramref name="request"/> and connects to the requester.</summary>
    public async Task<ChatSession> AcceptAsync(ChatRequested request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sessionId = Guid.Parse(request.SessionId);
        if (PinStateOf(request) == PinState.Changed)
        {
            await DeclineAsync(request, cancellationToken).ConfigureAwait(false);
            throw new IdentityKeyChangedException(request.FromUsername);
        }

        try
        {
            await _coordinator.AcceptChatAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound)
        {
            throw new ChatSetupException(ex.Status.Detail, ex);
        }

        return await ConnectAsync(sessionId, request.FromUsername, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Declines <paramref name="request"/>.</summary>
    public Task DeclineAsync(ChatRequested request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _coordinator.DeclineChatAsync(Guid.Parse(request.SessionId), cancellationToken);
    }

    /// <summary>Tells the coordinator how a session ended. Best effort: a chat never depends on the coordinator being up.</summary>
    public async Task ReportEndAsync(Guid sessionId, EndReason reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _coordinator.EndSessionAsync(sessionId, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // The coordinator is down or already closed the session; the chat's end stands either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _coordinator.LogoutAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException)
            {
                // Best effort: the token expires on its own.
            }
        }

        _coordinator.Dispose();
    }

    private async Task<ChatSession> ConnectAsync(Guid sessionId, string peerUsername, CancellationToken cancellationToken)
    {
        var info = await AwaitSessionInfoAsync(sessionId, peerUsername, cancellationToken).ConfigureAwait(false);
        try
        {
            var introduction = Introduce(info);
            var pinState = _pins.CheckAndPin(introduction.PeerUsername, introduction.PeerIdentityKey);
            var conversation = info.Role == SessionRole.Host
                ? await PeerConnector.HostAsync(
                    introduction,
                    _coordinator.UserId,
                    _identity,
                    _options,
                    (port, fingerprint, ct) => _coordinator.ReportHostReadyAsync(sessionId, port, fingerprint, ct),
                    cancellationToken).ConfigureAwait(false)
                : await PeerConnector.DialAsync(
                    introduction,
                    info.HostAddress,
                    checked((int)info.HostPort),
                    info.HostCertificateSha256.ToByteArray(),
                    _coordinator.UserId,
                    _identity,
                    _options,
                    cancellationToken).ConfigureAwait(false);
            return new ChatSession(this, introduction, pinState, _identity.PublicKey, conversation, _events);
        }
        catch (Exception ex) when (ex is IdentityKeyChangedException or PeerConnectionException or ChatSetupException)
        {
            await ReportEndAsync(sessionId, EndReason.ConnectionFailed).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<SessionInfo> AwaitSessionInfoAsync(Guid sessionId, string peerUsername, CancellationToken cancellationToken)
    {
        var id = sessionId.ToString();
        await foreach (var serverEvent in _events.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (serverEvent.EventCase)
            {
                case ServerEvent.EventOneofCase.SessionInfo when serverEvent.SessionInfo.SessionId == id:
                    return serverEvent.SessionInfo;
                case ServerEvent.EventOneofCase.SessionEnded when serverEvent.SessionEnded.SessionId == id:
                    throw new ChatSetupException(serverEvent.SessionEnded.Reason, EndReasonText.Describe(serverEvent.SessionEnded, peerUsername));
                case ServerEvent.EventOneofCase.ChatRequested:
                    await DeclineBusyAsync(serverEvent.ChatRequested).ConfigureAwait(false);
                    break;
            }
        }

        throw new ChatSetupException("The coordinator's event stream ended before the chat started.");
    }

    /// <summary>Declines a request that arrives while this user is busy with another chat (best effort).</summary>
    internal async Task DeclineBusyAsync(ChatRequested request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await DeclineAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // The request times out on its own.
        }
    }

    private static PeerIntroduction Introduce(SessionInfo info)
    {
        var key = info.PeerIdentityKey;
        if (key is null || key.KeyType != KeyType.Ed25519 || !IdentityPublicKey.IsValid(key.PublicKey.Span))
        {
            throw new ChatSetupException(EndReason.ConnectionFailed, $"The coordinator sent no valid identity key for {info.PeerUsername}.");
        }

        if (info.Role == SessionRole.Dial && (info.HostPort is 0 or > 65535 || info.HostCertificateSha256.Length != 32 || string.IsNullOrWhiteSpace(info.HostAddress)))
        {
            throw new ChatSetupException(EndReason.ConnectionFailed, $"The coordinator sent an incomplete endpoint for {info.PeerUsername}.");
        }

        return new PeerIntroduction(Guid.Parse(info.SessionId), Guid.Parse(info.PeerUserId), info.PeerUsername, key.PublicKey.ToByteArray());
    }
}
