using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LogChat.Gateway.Accounts;
using LogChat.Gateway.Auth;
using LogChat.Gateway.Connections;
using LogChat.Gateway.Hosting;
using LogChat.Gateway.RateLimiting;
using LogChat.Gateway.Reachability;
using LogChat.Gateway.Sessions;
using LogChat.Gateway.Telemetry;
using LogChat.Grains;
using LogChat.Grains.Accounts;
using LogChat.Grains.Auth;
using LogChat.Grains.Blocking;
using LogChat.Grains.Errors;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Rpc;

/// <summary>The Coordinator gRPC service: validates, authorises and hands each call to the grain that owns it.</summary>
public sealed class CoordinatorService(
    GrainReferences grains,
    PasswordHasher passwords,
    LoginSalts loginSalts,
    RequestLimits limits,
    LoginBackoff loginBackoff,
    ConnectStreamHandler connections,
    GatewayMetrics metrics,
    DialBack dialBack,
    SessionIdAuthenticator sessionIds,
    IOptions<GatewayOptions> options,
    TimeProvider clock) : Coordinator.CoordinatorBase
{
    // The refusal of an account change whose proof of the password is wrong.
    private const string WrongLoginSecret = "login_secret does not match this account's password";

    public override Task<GetLoginSaltResponse> GetLoginSalt(GetLoginSaltRequest request, ServerCallContext context) =>
        Task.FromResult(new GetLoginSaltResponse { Salt = ByteString.CopyFrom(loginSalts.For(RequestValidation.Username(request.Username))) });

    public override async Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        limits.CheckRegistration(context);
        var username = RequestValidation.Username(request.Username);
        var loginSecret = RequestValidation.LoginSecret(request.LoginSecret);
        var identityKey = RequestValidation.IdentityKey(request.IdentityPublicKey);
        var account = grains.Get<IUserAccountGrain>(username);
        if (await account.Find() is not null)
        {
            throw CoordinatorException.AlreadyExists($"username {username} is taken");
        }

        var passwordHash = await passwords.HashAsync(loginSecret, context.CancellationToken);
        var userId = await account.Register(passwordHash, identityKey);
        return new RegisterResponse { UserId = userId.ToString() };
    }

    public override async Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
    {
        var username = RequestValidation.Username(request.Username);
        var loginSecret = RequestValidation.LoginSecret(request.LoginSecret);
        limits.CheckLoginFromAddress(context);
        var account = await VerifyLoginSecretAsync(username, loginSecret, context.CancellationToken)
            ?? throw CoordinatorException.Unauthenticated("wrong username or password");

        var token = BearerToken.Create();
        var expiresAt = clock.GetUtcNow() + options.Value.TokenLifetime;
        await grains.Get<ITokenGrain>(BearerToken.StorageKey(token)!).Issue(account.UserId, account.Username, expiresAt);
        return new LoginResponse { Token = token, ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt), UserId = account.UserId.ToString() };
    }

    public override async Task<LogoutResponse> Logout(LogoutRequest request, ServerCallContext context)
    {
        if (request.Everywhere)
        {
            await grains.Get<IUserTokensGrain>(context.Caller().UserId).RevokeAll();
        }
        else
        {
            await grains.Get<ITokenGrain>(context.TokenStorageKey()).Revoke();
        }

        return new LogoutResponse();
    }

    public override async Task<GetUserResponse> GetUser(GetUserRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var username = RequestValidation.Username(request.Username);
        limits.CheckUserLookup(caller.UserId);
        var account = await FindAccountAsync(username);
        var own = account.UserId == caller.UserId;
        var presenceQuery = grains.Get<IPresenceGrain>(account.UserId).GetPresence();
        var blocksCaller = own ? Task.FromResult(false) : grains.Get<IBlockListGrain>(account.UserId).Blocks(caller.UserId);
        var (presence, hidden) = (await presenceQuery, await blocksCaller);

        // Others learn only whether the user is online: how the user's network can be reached is its own business,
        // and the coordinator tells a peer an endpoint only within an accepted session. A user who blocks the caller is
        // offline to it, as its chat requests find it (docs/decisions.md, "Blocking looks like being offline").
        return new GetUserResponse
        {
            UserId = account.UserId.ToString(),
            Username = account.Username,
            IdentityKeys = { ServerEventMapper.IdentityKeyOf(account.ToParticipant()) },
            Presence = new Protocol.Coordinator.V1.Presence
            {
                Online = presence.Online && !hidden,
                NatType = own ? presence.NatType.ToProto() : Protocol.Coordinator.V1.NatType.Unknown,
                CanAcceptInbound = own && presence.CanAcceptInbound,
            },
        };
    }

    public override async Task<ObserveAddressResponse> ObserveAddress(ObserveAddressRequest request, ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        var observed = ClientAddress.IpOf(context).ToString();
        var gatewayEndpoint = $"{connection.LocalIpAddress}:{connection.LocalPort}";
        await grains.Get<IPresenceGrain>(context.Caller().UserId)
            .RecordObservation(new MappingObservation(gatewayEndpoint, observed, connection.RemotePort, clock.GetUtcNow()));
        return new ObserveAddressResponse
        {
            Observed = new NetworkEndpoint { Address = observed, Port = (uint)connection.RemotePort },
            ProbePorts = { options.Value.ServedPorts().Where(port => port != connection.LocalPort).Select(port => (uint)port) },
        };
    }

    public override async Task<CheckReachabilityResponse> CheckReachability(CheckReachabilityRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var hosts = request.Port != 0;
        var port = hosts ? RequestValidation.Port(request.Port) : 0;
        var nonce = hosts ? RequestValidation.ProbeNonce(request.Nonce) : RequestValidation.NoProbeNonce(request.Nonce);
        var localAddresses = RequestValidation.LocalAddresses(request.LocalAddresses);
        limits.CheckReachabilityCheck(caller.UserId, context);
        var observed = ClientAddress.IpOf(context);
        var result = hosts
            ? await dialBack.ProbeAsync(observed, port, nonce, context.CancellationToken)
            : DialBackResult.Failed("this client does not accept connections");
        var presence = await grains.Get<IPresenceGrain>(caller.UserId).RecordReachability(observed.ToString(), result.Reachable, localAddresses);
        metrics.ReachabilityChecked(result.Reachable);
        return new CheckReachabilityResponse
        {
            Reachable = result.Reachable,
            Detail = result.Detail,
            Observed = new NetworkEndpoint { Address = observed.ToString(), Port = (uint)context.GetHttpContext().Connection.RemotePort },
            NatType = presence.NatType.ToProto(),
        };
    }

    public override Task Connect(ConnectRequest request, IServerStreamWriter<ServerEvent> responseStream, ServerCallContext context) =>
        connections.RunAsync(context.Caller(), StreamToken.IdOf(context.TokenStorageKey()), responseStream, context.CancellationToken);

    public override async Task<RequestChatResponse> RequestChat(RequestChatRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var peerName = RequestValidation.Username(request.Username);
        limits.CheckChatRequest(caller.UserId);
        var self = FindAccountAsync(caller.Username);
        var peer = FindAccountAsync(peerName);
        var sessionId = sessionIds.Issue();
        var expiresAt = await grains.Get<IChatSessionGrain>(sessionId).Request((await self).ToParticipant(), (await peer).ToParticipant());
        return new RequestChatResponse { SessionId = sessionId.ToString(), ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt) };
    }

    public override async Task<AcceptChatResponse> AcceptChat(AcceptChatRequest request, ServerCallContext context)
    {
        var role = await Session(request.SessionId).Accept(context.Caller().UserId);
        return new AcceptChatResponse { Role = role.ToProto() };
    }

    public override async Task<DeclineChatResponse> DeclineChat(DeclineChatRequest request, ServerCallContext context)
    {
        await Session(request.SessionId).Decline(context.Caller().UserId, request.Reason.ToDomain());
        return new DeclineChatResponse();
    }

    public override async Task<ReportHostReadyResponse> ReportHostReady(ReportHostReadyRequest request, ServerCallContext context)
    {
        var port = RequestValidation.Port(request.Port);
        var certificate = RequestValidation.CertificateSha256(request.CertificateSha256);
        await Session(request.SessionId).ReportHostReady(context.Caller().UserId, ClientAddress.Of(context), port, certificate);
        return new ReportHostReadyResponse();
    }

    public override async Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
    {
        var detail = RequestValidation.EndDetail(request.Detail);
        await Session(request.SessionId).EndSession(context.Caller().UserId, request.Reason.ToDomain(), detail);
        return new EndSessionResponse();
    }

    public override async Task<ReportPunchReadyResponse> ReportPunchReady(ReportPunchReadyRequest request, ServerCallContext context)
    {
        var certificate = request.CertificateSha256.IsEmpty ? null : RequestValidation.CertificateSha256(request.CertificateSha256);
        var observed = new PunchEndpoint(ClientAddress.Of(context), context.GetHttpContext().Connection.RemotePort);
        await Session(request.SessionId).ReportPunchReady(context.Caller().UserId, observed, certificate);
        return new ReportPunchReadyResponse();
    }

    public override async Task<ReportRelayReadyResponse> ReportRelayReady(ReportRelayReadyRequest request, ServerCallContext context)
    {
        var certificate = RequestValidation.CertificateSha256(request.CertificateSha256);
        await Session(request.SessionId).ReportRelayReady(context.Caller().UserId, certificate);
        return new ReportRelayReadyResponse();
    }

    public override async Task<ReportConnectionFailedResponse> ReportConnectionFailed(ReportConnectionFailedRequest request, ServerCallContext context)
    {
        var path = RequestValidation.FailedPath(request.Path);
        var detail = RequestValidation.EndDetail(request.Detail);
        return new ReportConnectionFailedResponse { Relayed = await Session(request.SessionId).ReportConnectionFailed(context.Caller().UserId, path, detail) };
    }

    public override async Task<ReportConnectedResponse> ReportConnected(ReportConnectedRequest request, ServerCallContext context)
    {
        await Session(request.SessionId).ReportConnected(context.Caller().UserId);
        return new ReportConnectedResponse();
    }

    // Issue 20 (account keys)
    public override async Task<ChangePasswordResponse> ChangePassword(ChangePasswordRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var loginSecret = RequestValidation.LoginSecret(request.LoginSecret);
        var newLoginSecret = RequestValidation.NewLoginSecret(request.NewLoginSecret, request.LoginSecret);
        var account = await ReproveLoginAsync(caller, loginSecret, WrongLoginSecret, context.CancellationToken);
        var newHash = await passwords.HashAsync(newLoginSecret, context.CancellationToken);
        await grains.Get<IUserAccountGrain>(caller.Username).ChangePasswordHash(account.PasswordHash, newHash);
        await grains.Get<IUserTokensGrain>(caller.UserId).RevokeAll();
        return new ChangePasswordResponse();
    }

    public override async Task<RotateKeyResponse> RotateKey(RotateKeyRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var loginSecret = RequestValidation.LoginSecret(request.LoginSecret);
        var newKey = RequestValidation.IdentityKey(request.NewIdentityKey, "new_identity_key");
        var signedRotation = request.SignedRotation is { } rotation
            ? KeyRotationValidation.Verified(rotation, caller.UserId, newKey, clock.GetUtcNow())
            : null;
        await ReproveLoginAsync(caller, loginSecret, WrongLoginSecret, context.CancellationToken);
        await grains.Get<IUserAccountGrain>(caller.Username).RotateKey(newKey, signedRotation);
        await grains.Get<IUserTokensGrain>(caller.UserId).RevokeAll();
        return new RotateKeyResponse();
    }

    // A change to the account asks for the password again (its login secret): a stolen token alone cannot change it.
    // A wrong one is PERMISSION_DENIED with <paramref name="refusal"/>, and counts as a failed login.
    private async Task<UserAccount> ReproveLoginAsync(Caller caller, byte[] loginSecret, string refusal, CancellationToken cancellationToken)
    {
        var account = await VerifyLoginSecretAsync(caller.Username, loginSecret, cancellationToken);
        return account is not null && account.UserId == caller.UserId
            ? account
            : throw CoordinatorException.PermissionDenied(refusal);
    }

    // The account when the login secret is right; null (a failure counted against the name) when it is not or there is
    // no such user. The name's backoff and the account are fetched at once: the backoff adds no round trip.
    private async Task<UserAccount?> VerifyLoginSecretAsync(string username, byte[] loginSecret, CancellationToken cancellationToken)
    {
        var admission = loginBackoff.AdmitAsync(username);
        var found = grains.Get<IUserAccountGrain>(username).Find();
        await Task.WhenAll(admission, found);
        var (attempt, account) = (await admission, await found);
        if (!await passwords.VerifyAsync(account?.PasswordHash, loginSecret, cancellationToken) || account is null)
        {
            await attempt.FailedAsync();
            metrics.AuthFailed("wrong_password");
            return null;
        }

        await attempt.SucceededAsync();
        return account;
    }

    // An id no gateway issued is refused here, as a real unknown one would be, before any grain is called.
    private IChatSessionGrain Session(string sessionId)
    {
        var id = RequestValidation.SessionId(sessionId);
        return sessionIds.IsGenuine(id)
            ? grains.Get<IChatSessionGrain>(id)
            : throw CoordinatorException.NotFound("no such session");
    }

    private async Task<UserAccount> FindAccountAsync(string username) =>
        await grains.Get<IUserAccountGrain>(username).Find()
        ?? throw CoordinatorException.NotFound($"no user named {username}");

    // Issue 20 (account lifecycle)

    public override async Task<BlockUserResponse> BlockUser(BlockUserRequest request, ServerCallContext context)
    {
        var (caller, account) = await OtherUserAsync(request.Username, context, "you cannot block yourself");
        var blocked = await grains.Get<IBlockListGrain>(caller.UserId).Block(account.ToParticipant());
        return new BlockUserResponse { AlreadyBlocked = !blocked };
    }

    public override async Task<UnblockUserResponse> UnblockUser(UnblockUserRequest request, ServerCallContext context)
    {
        var (caller, account) = await OtherUserAsync(request.Username, context, "you cannot unblock yourself: nobody can block themselves");
        return new UnblockUserResponse { WasBlocked = await grains.Get<IBlockListGrain>(caller.UserId).Unblock(account.UserId) };
    }

    public override async Task<ListBlockedUsersResponse> ListBlockedUsers(ListBlockedUsersRequest request, ServerCallContext context)
    {
        var blocked = await grains.Get<IBlockListGrain>(context.Caller().UserId).List();
        return new ListBlockedUsersResponse
        {
            Blocked =
            {
                blocked.Select(record => new BlockedUser
                {
                    UserId = record.UserId.ToString(),
                    Username = record.Username,
                    BlockedAt = Timestamp.FromDateTimeOffset(record.BlockedAt),
                }),
            },
        };
    }

    public override async Task<DeleteAccountResponse> DeleteAccount(DeleteAccountRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var username = RequestValidation.Username(request.Username);
        var loginSecret = RequestValidation.LoginSecret(request.LoginSecret);
        if (username != caller.Username)
        {
            throw CoordinatorException.InvalidArgument($"username must be the name of the account being deleted ({caller.Username}), typed again to confirm");
        }

        // The password again, not only the token: a token copied off a device must not be enough to delete an account.
        await ReproveLoginAsync(caller, loginSecret, "wrong password: the account was not deleted", context.CancellationToken);
        var heldUntil = await grains.Get<IUserAccountGrain>(username).Delete(caller.UserId);
        return new DeleteAccountResponse { UsernameHeldUntil = Timestamp.FromDateTimeOffset(heldUntil) };
    }

    // The caller and the account another user named in a block or unblock, a lookup as GetUser's (same limit).
    private async Task<(Caller Caller, UserAccount Account)> OtherUserAsync(string name, ServerCallContext context, string ifSelf)
    {
        var caller = context.Caller();
        var username = RequestValidation.Username(name);
        if (username == caller.Username)
        {
            throw CoordinatorException.InvalidArgument(ifSelf);
        }

        limits.CheckUserLookup(caller.UserId);
        return (caller, await FindAccountAsync(username));
    }
}
