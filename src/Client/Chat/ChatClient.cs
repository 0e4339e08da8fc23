using Grpc.Core;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Client.Sessions;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

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
        _events.StatusChanged += status => StatusChanged?.Invoke(status);
    }

    /// <summary>Status lines about the coordinator link and refused requests, for the user.</summary>
    public event Action<string>? StatusChanged;

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
        SessionId sessionId;
        try
        {
            sessionId = await _coordinator.RequestChatAsync(username, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.ResourceExhausted)
        {
            throw new ChatSetupException(ex.Status.Detail, ex);
        }

        return await ConnectAsync(sessionId, username, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the next chat request addressed to this user. A request that cannot be accepted (no valid identity
    /// key, say) is declined on the way, with a status line.
    /// </summary>
    public async Task<ChatRequest> WaitForRequestAsync(CancellationToken cancellationToken)
    {
        await foreach (var sessionEvent in _events.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (sessionEvent)
            {
                case ChatRequest request:
                    return request;
                case InvalidChatRequest invalid:
                    StatusChanged?.Invoke($"{invalid.Problem} The request was declined.");
                    await DeclineBestEffortAsync(invalid.SessionId).ConfigureAwait(false);
                    break;
            }
        }

        throw new OperationCanceledException("The event stream ended.");
    }

    /// <summary>How the requester's identity key relates to the pins (without pinning it yet).</summary>
    public PinState PinStateOf(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _pins.StateOf(request.FromUsername, request.FromIdentityKey);
    }

    /// <summary>Accepts <paramref name="request"/> and connects to the requester.</summary>
    public async Task<ChatSession> AcceptAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PinStateOf(request) == PinState.Changed)
        {
            await DeclineAsync(request, cancellationToken).ConfigureAwait(false);
            throw new IdentityKeyChangedException(request.FromUsername);
        }

        try
        {
            await _coordinator.AcceptChatAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound)
        {
            throw new ChatSetupException(ex.Status.Detail, ex);
        }

        return await ConnectAsync(request.SessionId, request.FromUsername, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Declines <paramref name="request"/>.</summary>
    public Task DeclineAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _coordinator.DeclineChatAsync(request.SessionId, cancellationToken);
    }

    /// <summary>Tells the coordinator how a session ended. Best effort: a chat never depends on the coordinator being up.</summary>
    public async Task ReportEndAsync(SessionId sessionId, SessionEndReason reason)
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

    /// <summary>Declines a request this user will not answer otherwise: busy with another chat, or unusable (best effort).</summary>
    internal async Task DeclineBestEffortAsync(SessionId sessionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _coordinator.DeclineChatAsync(sessionId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // The request times out on its own.
        }
    }

    private async Task<ChatSession> ConnectAsync(SessionId sessionId, string peerUsername, CancellationToken cancellationToken)
    {
        var assignment = await AwaitAssignmentAsync(sessionId, peerUsername, cancellationToken).ConfigureAwait(false);
        var introduction = assignment.Peer;
        try
        {
            var pinState = _pins.CheckAndPin(introduction.PeerUsername, introduction.PeerIdentityKey);
            var conversation = assignment.Host is { } host
                ? await PeerConnector.DialAsync(introduction, host, _coordinator.UserId, _identity, _options, cancellationToken).ConfigureAwait(false)
                : await PeerConnector.HostAsync(
                    introduction,
                    _coordinator.UserId,
                    _identity,
                    _options,
                    (port, fingerprint, ct) => _coordinator.ReportHostReadyAsync(sessionId, port, fingerprint, ct),
                    cancellationToken).ConfigureAwait(false);
            return new ChatSession(this, introduction, pinState, _identity.PublicKey, conversation, _events);
        }
        catch (Exception ex) when (ex is IdentityKeyChangedException or PeerConnectionException)
        {
            await ReportEndAsync(sessionId, SessionEndReason.ConnectionFailed).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<SessionAssignment> AwaitAssignmentAsync(SessionId sessionId, string peerUsername, CancellationToken cancellationToken)
    {
        await foreach (var sessionEvent in _events.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (sessionEvent)
            {
                case SessionAssignment assignment when assignment.SessionId == sessionId:
                    return assignment;
                case InvalidSessionAssignment invalid when invalid.SessionId == sessionId:
                    await ReportEndAsync(sessionId, SessionEndReason.ConnectionFailed).ConfigureAwait(false);
                    throw new ChatSetupException(SessionEndReason.ConnectionFailed, invalid.Problem);
                case SessionEndedNotice ended when ended.SessionId == sessionId:
                    throw new ChatSetupException(ended.Reason, EndReasonText.Describe(ended, peerUsername));
                case ChatRequest or InvalidChatRequest when sessionEvent.SessionId != sessionId:
                    await DeclineBestEffortAsync(sessionEvent.SessionId).ConfigureAwait(false);
                    break;
            }
        }

        throw new ChatSetupException("The coordinator's event stream ended before the chat started.");
    }
}
