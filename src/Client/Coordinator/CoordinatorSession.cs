using Grpc.Core;
using LogChat.Client.Keys;
using LogChat.Client.Reachability;
using LogChat.Client.Sessions;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Sessions;
using CoordinatorService = LogChat.Protocol.Coordinator.V1.Coordinator;

namespace LogChat.Client.Coordinator;

/// <summary>
/// A logged-in user's conversation with the coordinator: every call carries the bearer token and goes to a live
/// gateway (a call that failed because its gateway went away is sent to another one when that is safe), and
/// <see cref="OpenEvents"/> keeps the <c>Connect</c> stream alive across gateway failures and restarts.
/// </summary>
public sealed class CoordinatorSession : IDisposable
{
    /// <summary>How many times an idempotent call is sent again while the coordinator reports a fault.</summary>
    public const int FaultRetries = 3;

    private readonly CoordinatorGateways _gateways;
    private readonly Metadata _authorization;

    private CoordinatorSession(CoordinatorGateways gateways, string token, Guid userId, string username)
    {
        _gateways = gateways;
        _authorization = new Metadata { { "authorization", "Bearer " + token } };
        UserId = userId;
        Username = username;
    }

    /// <summary>The logged-in user's id.</summary>
    public Guid UserId { get; }

    /// <summary>The logged-in user's canonical username.</summary>
    public string Username { get; }

    /// <summary>
    /// The login salt the coordinator gives <paramref name="username"/>: asked for once, at registration, and kept in the
    /// profile from then on (a coordinator never gets to change it later).
    /// </summary>
    public static async Task<byte[]> GetLoginSaltAsync(IReadOnlyList<Uri> coordinators, string username, CancellationToken cancellationToken)
    {
        using var gateways = await CoordinatorGateways.ResolveAsync(coordinators, cancellationToken).ConfigureAwait(false);
        var response = await CallAsync(
            gateways,
            client => client.GetLoginSaltAsync(new GetLoginSaltRequest { Username = username }, cancellationToken: cancellationToken),
            CallRetry.Idempotent,
            cancellationToken).ConfigureAwait(false);
        return CoordinatorWire.ReadLoginSalt(response);
    }

    /// <summary>
    /// Creates an account for <paramref name="username"/> with its identity public key and the login secret derived from
    /// the password (never the password); returns the new user id.
    /// </summary>
    public static async Task<Guid> RegisterAsync(IReadOnlyList<Uri> coordinators, string username, byte[] loginSecret, byte[] identityPublicKey, CancellationToken cancellationToken)
    {
        using var gateways = await CoordinatorGateways.ResolveAsync(coordinators, cancellationToken).ConfigureAwait(false);
        var request = new RegisterRequest
        {
            Username = username,
            LoginSecret = Google.Protobuf.ByteString.CopyFrom(loginSecret),
            IdentityPublicKey = Google.Protobuf.ByteString.CopyFrom(identityPublicKey),
        };
        var response = await CallAsync(
            gateways,
            client => client.RegisterAsync(request, cancellationToken: cancellationToken),
            CallRetry.OnlyIfNeverSent,
            cancellationToken).ConfigureAwait(false);
        return CoordinatorWire.ReadUserId(response.UserId);
    }

    /// <summary>Logs in through the first live gateway and returns a session that carries the token on every call.</summary>
    public static async Task<CoordinatorSession> LoginAsync(IReadOnlyList<Uri> coordinators, string username, byte[] loginSecret, CancellationToken cancellationToken)
    {
        var gateways = await CoordinatorGateways.ResolveAsync(coordinators, cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new LoginRequest { Username = username, LoginSecret = Google.Protobuf.ByteString.CopyFrom(loginSecret) };
            var response = await CallAsync(
                gateways,
                client => client.LoginAsync(request, cancellationToken: cancellationToken),
                CallRetry.Idempotent,
                cancellationToken).ConfigureAwait(false);
            return new CoordinatorSession(gateways, response.Token, CoordinatorWire.ReadUserId(response.UserId), username);
        }
        catch
        {
            gateways.Dispose();
            throw;
        }
    }

    /// <summary>Looks up a user's identity key; <see cref="CoordinatorProtocolException"/> when the coordinator has no valid one.</summary>
    public async Task<PublishedIdentityKey> GetIdentityKeyAsync(string username, CancellationToken cancellationToken) =>
        CoordinatorWire.ToPublishedIdentityKey(await CallAsync(
            (client, options) => client.GetUserAsync(new GetUserRequest { Username = username }, options),
            CallRetry.Idempotent,
            cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// An observer of this client's public address on the gateway in use, every call from one local port of its own
    /// (not the listen port).
    /// </summary>
    public AddressObserver OpenAddressObserver() => new(_gateways.Current.Gateway, _authorization);

    /// <summary>
    /// Asks the coordinator to dial this client back on <paramref name="port"/> at the address it observes, expecting the
    /// listener to answer <c>Peer.Probe</c> with <paramref name="nonce"/>; the coordinator records the result.
    /// </summary>
    public async Task<DialBackVerdict> CheckReachabilityAsync(int port, byte[] nonce, IEnumerable<string> localAddresses, CancellationToken cancellationToken)
    {
        var request = new CheckReachabilityRequest { Port = checked((uint)port), Nonce = Google.Protobuf.ByteString.CopyFrom(nonce) };
        request.LocalAddresses.AddRange(localAddresses);
        return CoordinatorWire.ToVerdict(await CallAsync(
            (client, options) => client.CheckReachabilityAsync(request, options),
            CallRetry.Idempotent,
            cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Asks <paramref name="username"/> for a chat and returns the new session's id; sent to another gateway only if it
    /// surely never reached one.
    /// </summary>
    public async Task<SessionId> RequestChatAsync(string username, CancellationToken cancellationToken) =>
        CoordinatorWire.ReadSessionId((await CallAsync(
            (client, options) => client.RequestChatAsync(new RequestChatRequest { Username = username }, options),
            CallRetry.OnlyIfNeverSent,
            cancellationToken).ConfigureAwait(false)).SessionId);

    /// <summary>Accepts a chat request; this side's role follows on the event stream.</summary>
    public Task AcceptChatAsync(SessionId sessionId, CancellationToken cancellationToken) =>
        CallAsync(
            (client, options) => client.AcceptChatAsync(new AcceptChatRequest { SessionId = sessionId.ToString() }, options),
            CallRetry.OnlyIfNeverSent,
            cancellationToken);

    /// <summary>Declines a chat request: <see cref="SessionEndReason.Declined"/>, or <see cref="SessionEndReason.Busy"/> while in another chat.</summary>
    public Task DeclineChatAsync(SessionId sessionId, SessionEndReason reason, CancellationToken cancellationToken) =>
        CallAsync(
            (client, options) => client.DeclineChatAsync(
                new DeclineChatRequest { SessionId = sessionId.ToString(), Reason = CoordinatorWire.ToWire(reason) }, options),
            CallRetry.OnlyIfNeverSent,
            cancellationToken);

    /// <summary>Tells the coordinator this host's listener is up, with its port and certificate fingerprint.</summary>
    public Task ReportHostReadyAsync(SessionId sessionId, int port, byte[] certificateSha256, CancellationToken cancellationToken)
    {
        var request = new ReportHostReadyRequest
        {
            SessionId = sessionId.ToString(),
            Port = checked((uint)port),
            CertificateSha256 = Google.Protobuf.ByteString.CopyFrom(certificateSha256),
        };
        return CallAsync((client, options) => client.ReportHostReadyAsync(request, options), CallRetry.OnlyIfNeverSent, cancellationToken);
    }

    /// <summary>Ends a session with the reason it ended and, for the peer, what went wrong (at most 200 printable characters).</summary>
    public Task EndSessionAsync(SessionId sessionId, SessionEndReason reason, string? detail, CancellationToken cancellationToken) =>
        CallAsync(
            (client, options) => client.EndSessionAsync(
                new EndSessionRequest { SessionId = sessionId.ToString(), Reason = CoordinatorWire.ToWire(reason), Detail = CoordinatorWire.ToEndDetail(detail) },
                options),
            CallRetry.OnlyIfNeverSent,
            cancellationToken);

    /// <summary>The host of a relayed session has its session certificate: both sides get their relay tickets.</summary>
    public Task ReportRelayReadyAsync(SessionId sessionId, byte[] certificateSha256, CancellationToken cancellationToken)
    {
        var request = new ReportRelayReadyRequest { SessionId = sessionId.ToString(), CertificateSha256 = Google.Protobuf.ByteString.CopyFrom(certificateSha256) };
        return CallAsync((client, options) => client.ReportRelayReadyAsync(request, options), CallRetry.OnlyIfNeverSent, cancellationToken);
    }

    /// <summary>
    /// Tells the coordinator this side could not connect over <paramref name="path"/>, with what went wrong for the peer;
    /// true when the session goes on through a relay (<see cref="Sessions.RelayGo"/> follows), false when it ended.
    /// </summary>
    public async Task<bool> ReportConnectionFailedAsync(SessionId sessionId, Sessions.ConnectionPath path, string? detail, CancellationToken cancellationToken)
    {
        var request = new ReportConnectionFailedRequest
        {
            SessionId = sessionId.ToString(),
            Path = CoordinatorWire.ToWire(path),
            Detail = CoordinatorWire.ToEndDetail(detail),
        };
        var answer = await CallAsync((client, options) => client.ReportConnectionFailedAsync(request, options), CallRetry.OnlyIfNeverSent, cancellationToken)
            .ConfigureAwait(false);
        return answer.Relayed;
    }

    /// <summary>Tells the coordinator the peer connection passed the handshake.</summary>
    public Task ReportConnectedAsync(SessionId sessionId, CancellationToken cancellationToken) =>
        CallAsync(
            (client, options) => client.ReportConnectedAsync(new ReportConnectedRequest { SessionId = sessionId.ToString() }, options),
            CallRetry.Idempotent,
            cancellationToken);

    /// <summary>
    /// Reports this side of a punched session ready from a fresh local punch port, so that the gateway observes the
    /// public endpoint the NAT maps it to; the host gives its session certificate's fingerprint. Returns the port and the
    /// round trip to the gateway, timed on a second call over the same connection (the first also set it up).
    /// </summary>
    public async Task<PunchReadiness> ReportPunchReadyAsync(SessionId sessionId, byte[]? certificateSha256, CancellationToken cancellationToken)
    {
        var punchPort = new PunchPort();
        var gateway = _gateways.Current.Gateway;
        using var channel = CoordinatorChannel.CreateFromPunchPort(gateway, gateway.Address.Port, punchPort);
        var client = CoordinatorChannel.Client(channel);
        var request = new ReportPunchReadyRequest { SessionId = sessionId.ToString() };
        if (certificateSha256 is not null)
        {
            request.CertificateSha256 = Google.Protobuf.ByteString.CopyFrom(certificateSha256);
        }

        await client.ReportPunchReadyAsync(request, Options(cancellationToken)).ConfigureAwait(false);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await client.ObserveAddressAsync(new ObserveAddressRequest(), Options(cancellationToken)).ConfigureAwait(false);
        return new PunchReadiness(punchPort.Port, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The user's event stream, reopened on another gateway whenever it breaks or its gateway drains;
    /// <paramref name="beforeConnect"/> runs before every connection (to measure reachability again where needed).
    /// </summary>
    public ServerEventFeed OpenEvents(Func<CancellationToken, Task> beforeConnect, ReconnectBackoff backoff) =>
        new(
            _gateways,
            (client, ct) => client.Connect(new ConnectRequest(), Options(ct)),
            beforeConnect,
            backoff);

    /// <summary>Revokes the token (best effort).</summary>
    public Task LogoutAsync(CancellationToken cancellationToken) =>
        CallAsync((client, options) => client.LogoutAsync(new LogoutRequest(), options), CallRetry.Idempotent, cancellationToken);

    /// <summary>Revokes every token of the user, on every device, and ends all of the user's event streams.</summary>
    public Task LogoutEverywhereAsync(CancellationToken cancellationToken) =>
        CallAsync((client, options) => client.LogoutAsync(new LogoutRequest { Everywhere = true }, options), CallRetry.Idempotent, cancellationToken);

    /// <summary>Blocks <paramref name="username"/>; false when that user was blocked already.</summary>
    public async Task<bool> BlockUserAsync(string username, CancellationToken cancellationToken) =>
        !(await CallAsync(
            (client, options) => client.BlockUserAsync(new BlockUserRequest { Username = username }, options),
            CallRetry.Idempotent,
            cancellationToken).ConfigureAwait(false)).AlreadyBlocked;

    /// <summary>Lifts the block of <paramref name="username"/>; false when that user was not blocked.</summary>
    public async Task<bool> UnblockUserAsync(string username, CancellationToken cancellationToken) =>
        (await CallAsync(
            (client, options) => client.UnblockUserAsync(new UnblockUserRequest { Username = username }, options),
            CallRetry.Idempotent,
            cancellationToken).ConfigureAwait(false)).WasBlocked;

    /// <summary>The users this user blocks, oldest block first.</summary>
    public async Task<IReadOnlyList<BlockedContact>> ListBlockedUsersAsync(CancellationToken cancellationToken) =>
        BlockedContact.FromWire(await CallAsync(
            (client, options) => client.ListBlockedUsersAsync(new ListBlockedUsersRequest(), options),
            CallRetry.Idempotent,
            cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Deletes this user's account, confirmed by its <paramref name="username"/> and the login secret derived from the
    /// password; returns until when the name is held. Never sent twice: the first call ends this session's token.
    /// </summary>
    public async Task<DateTimeOffset> DeleteAccountAsync(string username, byte[] loginSecret, CancellationToken cancellationToken)
    {
        var request = new DeleteAccountRequest { Username = username, LoginSecret = Google.Protobuf.ByteString.CopyFrom(loginSecret) };
        var response = await CallAsync((client, options) => client.DeleteAccountAsync(request, options), CallRetry.OnlyIfNeverSent, cancellationToken)
            .ConfigureAwait(false);
        return CoordinatorWire.ReadTime(response.UsernameHeldUntil, "the end of the deleted account's name hold");
    }

    /// <summary>
    /// Replaces the password's login secret with <paramref name="newLoginSecret"/>, proving the current one again; the
    /// coordinator then revokes every token of the user, this one too. Sent to another gateway only if it surely never
    /// reached one.
    /// </summary>
    public Task ChangePasswordAsync(byte[] loginSecret, byte[] newLoginSecret, CancellationToken cancellationToken)
    {
        var request = new ChangePasswordRequest
        {
            LoginSecret = Google.Protobuf.ByteString.CopyFrom(loginSecret),
            NewLoginSecret = Google.Protobuf.ByteString.CopyFrom(newLoginSecret),
        };
        return CallAsync((client, options) => client.ChangePasswordAsync(request, options), CallRetry.OnlyIfNeverSent, cancellationToken);
    }

    /// <summary>
    /// Publishes <paramref name="newIdentityKey"/> as the user's identity key, with the old key's signature
    /// (<paramref name="signedRotation"/>) unless the old key is lost; the coordinator then revokes every token of the user.
    /// </summary>
    public Task RotateKeyAsync(byte[] loginSecret, byte[] newIdentityKey, Protocol.Accounts.KeyRotation? signedRotation, CancellationToken cancellationToken)
    {
        var request = new RotateKeyRequest
        {
            LoginSecret = Google.Protobuf.ByteString.CopyFrom(loginSecret),
            NewIdentityKey = Google.Protobuf.ByteString.CopyFrom(newIdentityKey),
        };
        if (signedRotation is not null)
        {
            request.SignedRotation = new Protocol.Coordinator.V1.KeyRotation
            {
                OldPublicKey = Google.Protobuf.ByteString.CopyFrom(signedRotation.OldKey),
                NewPublicKey = Google.Protobuf.ByteString.CopyFrom(signedRotation.NewKey),
                RotatedAt = checked((ulong)signedRotation.RotatedAt),
                Signature = Google.Protobuf.ByteString.CopyFrom(signedRotation.Signature),
            };
        }

        return CallAsync((client, options) => client.RotateKeyAsync(request, options), CallRetry.OnlyIfNeverSent, cancellationToken);
    }

    public void Dispose() => _gateways.Dispose();

    private Task<TResponse> CallAsync<TResponse>(
        Func<CoordinatorService.CoordinatorClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        CallRetry retry,
        CancellationToken cancellationToken) =>
        CallAsync(_gateways, client => call(client, Options(cancellationToken)), retry, cancellationToken);

    /// <summary>
    /// Sends a call to the gateway in use; when that gateway is lost, moves on and, if <paramref name="retry"/> allows,
    /// tries the next. When the gateway answers that the coordinator has a fault (UNAVAILABLE with a retry hint), an
    /// idempotent call is sent again after a backoff, up to <see cref="FaultRetries"/> times; the last refusal is thrown.
    /// </summary>
    private static async Task<TResponse> CallAsync<TResponse>(
        CoordinatorGateways gateways,
        Func<CoordinatorService.CoordinatorClient, AsyncUnaryCall<TResponse>> call,
        CallRetry retry,
        CancellationToken cancellationToken)
    {
        ReconnectBackoff? faultBackoff = null;
        var faults = 0;
        for (var attempt = 1; ; attempt++)
        {
            var (gateway, client) = gateways.Current;
            try
            {
                var response = await call(client).ConfigureAwait(false);
                gateways.Succeeded(gateway);
                return response;
            }
            catch (RpcException ex) when (GatewayFailure.FaultRetryAfter(ex) is { } wait)
            {
                if (retry != CallRetry.Idempotent || ++faults > FaultRetries)
                {
                    throw;
                }

                faultBackoff ??= new ReconnectBackoff(wait, wait * 4);
                await Task.Delay(faultBackoff.Next(), cancellationToken).ConfigureAwait(false);
                attempt--;
            }
            catch (RpcException ex) when (GatewayFailure.IsGatewayLoss(ex))
            {
                gateways.MoveOn(gateway);
                var mayRetry = retry == CallRetry.Idempotent || GatewayFailure.NeverSent(ex);
                if (!mayRetry || attempt >= gateways.Count)
                {
                    throw;
                }
            }
        }
    }

    private CallOptions Options(CancellationToken cancellationToken) => new(_authorization, cancellationToken: cancellationToken);
}
