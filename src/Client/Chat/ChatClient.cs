using Grpc.Core;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Client.Peer.Punch;
using LogChat.Client.Peer.Relay;
using LogChat.Client.Reachability;
using LogChat.Client.Sessions;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Chat;

/// <summary>
/// A logged-in, online user: starts chats, answers requests, and turns each accepted session into a
/// <see cref="ChatSession"/>. The coordinator only introduces; content flows peer to peer. Its listener, opened before it
/// goes online, hosts every session where this side is the host; how peers reach it is measured before every connection
/// to the coordinator (see <see cref="ReachabilityMonitor"/>) and again before a chat when the measurement is stale.
/// </summary>
public sealed class ChatClient : IAsyncDisposable
{
    // Longer than the coordinator gives a relayed host to report ready and a relay's pairing window (15 s each by
    // default): the coordinator or the relay says what went wrong first; these only bound a wait on a silent one.
    private static readonly TimeSpan RelayPairingLimit = TimeSpan.FromSeconds(30);

    private readonly CoordinatorSession _coordinator;
    private readonly ServerEventFeed _events;
    private readonly IdentityKeyPair _identity;
    private readonly PinStore _pins;
    private readonly PeerListener? _listener;
    private readonly ReachabilityMonitor _reachability;
    private readonly PeerOptions _options;

    private ChatClient(
        CoordinatorSession coordinator,
        IdentityKeyPair identity,
        PinStore pins,
        PeerListener? listener,
        NetworkProfile network,
        PeerOptions options)
    {
        _coordinator = coordinator;
        _identity = identity;
        _pins = pins;
        _listener = listener;
        _options = options;
        _reachability = new ReachabilityMonitor(coordinator, network, listener, TimeProvider.System);
        _reachability.StatusChanged += status => StatusChanged?.Invoke(status);
        _events = coordinator.OpenEvents(
            _reachability.RefreshOnlineAsync,
            new ReconnectBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10)));
        _events.StatusChanged += status => StatusChanged?.Invoke(status);
    }

    /// <summary>Status lines about the coordinator link and refused requests, for the user.</summary>
    public event Action<string>? StatusChanged;

    /// <summary>The logged-in user's name.</summary>
    public string Username => _coordinator.Username;

    /// <summary>
    /// Measures how peers reach this client, opens the event stream and waits until the coordinator says the user is
    /// online. <paramref name="listener"/> hosts this side's sessions; null when this side never hosts (<c>--no-inbound</c>).
    /// Takes ownership of <paramref name="coordinator"/> and <paramref name="listener"/> (not of
    /// <paramref name="identity"/>); <paramref name="status"/> gets the status lines from the start.
    /// </summary>
    public static async Task<ChatClient> GoOnlineAsync(
        CoordinatorSession coordinator,
        IdentityKeyPair identity,
        PinStore pins,
        PeerListener? listener,
        NetworkProfile network,
        PeerOptions options,
        Action<string> status,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var client = new ChatClient(coordinator, identity, pins, listener, network, options);
        client.StatusChanged += status;
        client._events.Start();
        try
        {
            await client._events.WaitUntilOnlineAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The reachability measurement in use, or null when none could be taken.</summary>
    public ReachabilityMeasurement? Reachability => _reachability.Current;

    /// <summary>Asks <paramref name="username"/> for a chat and, once accepted, connects to them.</summary>
    public async Task<ChatSession> StartChatAsync(string username, CancellationToken cancellationToken)
    {
        await _reachability.EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        SessionId sessionId;
        try
        {
            sessionId = await _coordinator.RequestChatAsync(username, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex is not UpgradeRequiredException
            && ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.ResourceExhausted)
        {
            throw new ChatSetupException(ex.Status.Detail, ex);
        }

        return await ConnectAsync(sessionId, new ExpectedPeer(Usernames.Normalize(username)), cancellationToken).ConfigureAwait(false);
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
                    await DeclineBestEffortAsync(invalid.SessionId, SessionEndReason.Declined).ConfigureAwait(false);
                    break;
            }
        }

        throw new OperationCanceledException("The event stream ended.");
    }

    /// <summary>How the requester's identity key relates to the pins (without pinning it yet).</summary>
    public PinState PinStateOf(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        FollowSignedRotation(request.FromUserId, request.FromUsername, request.FromIdentityKey, request.FromKeyRotations);
        return _pins.StateOf(request.FromUserId, request.FromUsername, request.FromIdentityKey);
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

        await _reachability.EnsureFreshAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _coordinator.AcceptChatAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex is not UpgradeRequiredException && ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound)
        {
            throw new ChatSetupException(ex.Status.Detail, ex);
        }

        var expected = new ExpectedPeer(request.FromUsername, request.FromUserId, request.FromIdentityKey);
        return await ConnectAsync(request.SessionId, expected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Declines <paramref name="request"/>.</summary>
    public Task DeclineAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _coordinator.DeclineChatAsync(request.SessionId, SessionEndReason.Declined, cancellationToken);
    }

    /// <summary>
    /// Tells the coordinator how a session ended and, for the peer, what went wrong. Best effort: a chat never depends on
    /// the coordinator being up.
    /// </summary>
    public async Task ReportEndAsync(SessionId sessionId, SessionEndReason reason, string? detail = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _coordinator.EndSessionAsync(sessionId, reason, detail, timeout.Token).ConfigureAwait(false);
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
        _reachability.Dispose();
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Declines a request this user will not answer otherwise (best effort): <see cref="SessionEndReason.Busy"/> while in
    /// another chat, <see cref="SessionEndReason.Declined"/> when unusable.
    /// </summary>
    internal async Task DeclineBestEffortAsync(SessionId sessionId, SessionEndReason reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _coordinator.DeclineChatAsync(sessionId, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // The request times out on its own.
        }
    }

    private async Task<ChatSession> ConnectAsync(SessionId sessionId, ExpectedPeer expected, CancellationToken cancellationToken)
    {
        var peerUsername = expected.Username;
        var assignment = await AwaitAssignmentAsync(sessionId, peerUsername, cancellationToken).ConfigureAwait(false);
        PhaseTrace.Mark("assigned");
        var introduction = assignment.Peer;
        if (expected.Mismatch(introduction) is { } mismatch)
        {
            await ReportEndAsync(sessionId, SessionEndReason.ConnectionFailed, "the coordinator introduced another peer").ConfigureAwait(false);
            throw new ChatSetupException(SessionEndReason.ConnectionFailed, mismatch);
        }

        var watch = SetupWatch.Start(_events, sessionId, this, cancellationToken);
        PinState pinState;
        PeerConversation conversation;
        ConnectionPath path;
        try
        {
            FollowSignedRotation(introduction.PeerUserId, introduction.PeerUsername, introduction.PeerIdentityKey, introduction.PeerKeyRotations);
            pinState = _pins.Check(introduction.PeerUserId, introduction.PeerUsername, introduction.PeerIdentityKey);
            conversation = await ConnectPeerAsync(assignment, watch, watch.Token).ConfigureAwait(false);

            // Once both sides were given relay tickets, the rung the coordinator first chose has been given up.
            path = watch.RelayGoAsync.IsCompletedSuccessfully ? ConnectionPath.Relayed : assignment.Path;
            await PinAfterHandshakeAsync(introduction, conversation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (watch.Ended is { } ended && !cancellationToken.IsCancellationRequested)
        {
            throw new ChatSetupException(ended.Reason, EndReasonText.Describe(ended, peerUsername));
        }
        catch (PeerConnectionException ex) when (ex.PeerProtocolVersion is { } peerVersion)
        {
            await ReportEndAsync(
                sessionId,
                SessionEndReason.ProtocolError,
                $"{peerUsername}'s logchat speaks peer protocol {peerVersion} and {_coordinator.Username}'s speaks {PeerProtocol.Version}: the older one needs an upgrade")
                .ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is IdentityKeyChangedException or PeerConnectionException)
        {
            await ReportEndAsync(sessionId, SessionEndReason.ConnectionFailed, ex.Message).ConfigureAwait(false);
            throw;
        }
        finally
        {
            // The watch stops reading the events before the chat session starts to: one reader at a time.
            await watch.DisposeAsync().ConfigureAwait(false);
        }

        ReportConnectedInBackground(sessionId);
        return new ChatSession(this, introduction, pinState, path, _identity.PublicKey, conversation, _events);
    }

    // A key that its pinned predecessor signed over replaces the pin before any check (docs/protocol.md section 23).
    private void FollowSignedRotation(Guid userId, string username, byte[] identityKey, IReadOnlyList<KeyRotation> rotations)
    {
        if (_pins.FollowSignedRotation(userId, username, identityKey, rotations))
        {
            StatusChanged?.Invoke(KeyRotationText.Followed(username, _pins.StateOf(userId, username, identityKey)));
        }
    }

    // Only now has the peer proved it holds the key: a first contact's pin is written after the handshake, never before. A pin
    // that cannot be written (another run of this profile pinned another key for the name meanwhile, say) ends the conversation.
    private async Task PinAfterHandshakeAsync(PeerIntroduction introduction, PeerConversation conversation)
    {
        try
        {
            _pins.PinFirstContact(introduction.PeerUserId, introduction.PeerUsername, introduction.PeerIdentityKey);
        }
        catch
        {
            await conversation.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private Task<PeerConversation> ConnectPeerAsync(SessionAssignment assignment, SetupWatch watch, CancellationToken cancellationToken)
    {
        var introduction = assignment.Peer;
        var sessionId = introduction.SessionId;
        if (assignment.Role == PeerRole.Dialer)
        {
            return DialAsync(assignment, watch, cancellationToken);
        }

        return PeerConnector.HostAsync(
            _listener ?? throw new PeerConnectionException(
                $"The coordinator chose this side to host the chat with {introduction.PeerUsername}, but it does not accept connections (--no-inbound)."),
            introduction,
            _coordinator.UserId,
            _identity,
            _options,
            async (port, fingerprint, ct) =>
            {
                await AnnounceHostAsync(assignment.Path, sessionId, port, fingerprint, watch, ct).ConfigureAwait(false);
                FollowToRelayInBackground(sessionId, watch);
            },
            cancellationToken);
    }

    // The host's session certificate is ready: tell the coordinator where it accepts (a punched host opens the punched
    // connection here and hands it to the listener, which seats the dialler on it like on any accepted connection).
    private async Task AnnounceHostAsync(ConnectionPath path, SessionId sessionId, int port, byte[] certificateSha256, SetupWatch watch, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case ConnectionPath.Relayed:
                await _coordinator.ReportRelayReadyAsync(sessionId, certificateSha256, cancellationToken).ConfigureAwait(false);
                break;
            case ConnectionPath.Punched:
                System.Net.Sockets.Socket punched;
                try
                {
                    punched = (await PunchAsync(sessionId, certificateSha256, watch, cancellationToken).ConfigureAwait(false)).Socket;
                }
                catch (PeerConnectionException ex)
                {
                    await FallBackToRelayOrRethrowAsync(sessionId, path, ex).ConfigureAwait(false);
                    break;
                }

                _listener!.ServePunched(punched);
                break;
            default:
                await _coordinator.ReportHostReadyAsync(sessionId, port, certificateSha256, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    // Whatever the path, the coordinator may move the session to the relay (the dialler could not reach this host, a
    // punch failed): then the host serves the same session, with the same certificate, over its relay connection. A
    // relay that cannot pair ends the session for both, with the relay's reason.
    private void FollowToRelayInBackground(SessionId sessionId, SetupWatch watch)
    {
        var (relayGo, ended) = (watch.RelayGoAsync, watch.Token);
        _ = Task.Run(async () =>
        {
            System.Net.Sockets.Socket socket;
            try
            {
                var go = await relayGo.WaitAsync(ended).ConfigureAwait(false);
                socket = await ConnectToRelayAsync(go, ended).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Connected another way, or the chat ended: no relay for this session.
                return;
            }
            catch (PeerConnectionException ex)
            {
                await ReportEndAsync(sessionId, SessionEndReason.ConnectionFailed, ex.Message).ConfigureAwait(false);
                return;
            }

            _listener!.ServePunched(socket);
        });
    }

    // A dialler whose direct dial or punch fails reports it; with a relay the coordinator sends both sides tickets, and
    // this side dials the host through the relay with the pin it was given.
    private async Task<PeerConversation> DialAsync(SessionAssignment assignment, SetupWatch watch, CancellationToken cancellationToken)
    {
        var introduction = assignment.Peer;
        if (assignment.Path != ConnectionPath.Relayed)
        {
            try
            {
                return assignment.Path == ConnectionPath.Punched
                    ? await PunchAndDialAsync(introduction, watch, cancellationToken).ConfigureAwait(false)
                    : await PeerConnector.DialAsync(introduction, assignment.Host!, _coordinator.UserId, _identity, _options, cancellationToken).ConfigureAwait(false);
            }
            // A peer that speaks another protocol would do so through the relay too: that failure ends the session.
            catch (PeerConnectionException ex) when (ex.PeerProtocolVersion is null)
            {
                await FallBackToRelayOrRethrowAsync(introduction.SessionId, assignment.Path, ex).ConfigureAwait(false);
            }
        }

        return await DialThroughRelayAsync(introduction, watch, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PeerConversation> DialThroughRelayAsync(PeerIntroduction introduction, SetupWatch watch, CancellationToken cancellationToken)
    {
        RelayGo go;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(RelayPairingLimit);
            try
            {
                go = await watch.RelayGoAsync.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PeerConnectionException($"The coordinator sent no relay ticket within {RelayPairingLimit.TotalSeconds:0} s.");
            }
        }

        var pin = go.HostCertificateSha256 ?? throw new PeerConnectionException("The coordinator sent no certificate fingerprint of the host to pin.");
        var relayed = await ConnectToRelayAsync(go, cancellationToken).ConfigureAwait(false);
        return await PeerConnector.DialOverAsync(introduction, relayed, pin, _coordinator.UserId, _identity, _options, cancellationToken).ConfigureAwait(false);
    }

    // Connects to the relay with this side's ticket and waits for the relay to pair it with the peer (the relay bounds
    // that wait; a relay that never answers is given as long again); every failure says what the relay did.
    private static async Task<System.Net.Sockets.Socket> ConnectToRelayAsync(RelayGo go, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RelayPairingLimit);
        try
        {
            return await RelayConnector.ConnectAsync(go.Relay, go.Ticket, timeout.Token).ConfigureAwait(false);
        }
        catch (RelayRefusedException ex)
        {
            throw new PeerConnectionException(ex.Message, ex);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new PeerConnectionException($"Could not reach the relay at {go.Relay}: {ex.SocketErrorCode}.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerConnectionException($"The relay at {go.Relay} did not pair this side within {RelayPairingLimit.TotalSeconds:0} s.", ex);
        }
    }

    // Tells the coordinator this rung failed. When the session goes on through a relay, says so and returns; otherwise
    // (the session ended, or the coordinator cannot be reached) the failure stands as it was.
    private async Task FallBackToRelayOrRethrowAsync(SessionId sessionId, ConnectionPath path, PeerConnectionException failure)
    {
        bool relayed;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            try
            {
                relayed = await _coordinator.ReportConnectionFailedAsync(sessionId, path, failure.Message, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException)
            {
                relayed = false;
            }
        }

        if (!relayed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        StatusChanged?.Invoke($"{failure.Message} Going through the relay instead.");
    }

    private async Task<PeerConversation> PunchAndDialAsync(PeerIntroduction introduction, SetupWatch watch, CancellationToken cancellationToken)
    {
        var punched = await PunchAsync(introduction.SessionId, null, watch, cancellationToken).ConfigureAwait(false);
        var pin = punched.Go.HostCertificateSha256
            ?? throw new PeerConnectionException("The coordinator sent no certificate fingerprint of the host to pin.");
        return await PeerConnector.DialOverAsync(introduction, punched.Socket, pin, _coordinator.UserId, _identity, _options, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<(System.Net.Sockets.Socket Socket, PunchGo Go)> PunchAsync(
        SessionId sessionId, byte[]? certificateSha256, SetupWatch watch, CancellationToken cancellationToken)
    {
        var ready = await _coordinator.ReportPunchReadyAsync(sessionId, certificateSha256, cancellationToken).ConfigureAwait(false);
        var (go, receivedAt) = await watch.PunchGoAsync.WaitAsync(cancellationToken).ConfigureAwait(false);
        var start = receivedAt + go.StartIn - (ready.RoundTrip / 2);
        try
        {
            var socket = await TcpSimultaneousOpen.ConnectAsync(ready.LocalPort, go.Peer, PunchSchedule.From(start), TimeProvider.System, cancellationToken)
                .ConfigureAwait(false);
            return (socket, go);
        }
        catch (PunchFailedException ex)
        {
            throw new PeerConnectionException($"The hole punch to {go.Peer} failed: {ex.Message}", ex);
        }
    }

    private void ReportConnectedInBackground(SessionId sessionId) =>
        _ = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await _coordinator.ReportConnectedAsync(sessionId, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException)
            {
                // Only the setup time goes unrecorded; the chat runs on.
            }
        });

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
                case ChatRequest when sessionEvent.SessionId != sessionId:
                    await DeclineBestEffortAsync(sessionEvent.SessionId, SessionEndReason.Busy).ConfigureAwait(false);
                    break;
                case InvalidChatRequest when sessionEvent.SessionId != sessionId:
                    await DeclineBestEffortAsync(sessionEvent.SessionId, SessionEndReason.Declined).ConfigureAwait(false);
                    break;
            }
        }

        throw new ChatSetupException("The coordinator's event stream ended before the chat started.");
    }
}
