using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Protocol.Coordinator.V1;
using CoordinatorService = LogChat.Protocol.Coordinator.V1.Coordinator;

namespace LogChat.Client.Coordinator;

/// <summary>
/// A logged-in user's conversation with the coordinator: every call carries the bearer token, and
/// <see cref="OpenEvents"/> keeps the <c>Connect</c> stream alive across coordinator restarts.
/// </summary>
public sealed class CoordinatorSession : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CoordinatorService.CoordinatorClient _client;
    private readonly Metadata _authorization;

    private CoordinatorSession(GrpcChannel channel, string token, Guid userId, string username)
    {
        _channel = channel;
        _client = new CoordinatorService.CoordinatorClient(channel);
        _authorization = new Metadata { { "authorization", "Bearer " + token } };
        UserId = userId;
        Username = username;
    }

    /// <summary>The logged-in user's id.</summary>
    public Guid UserId { get; }

    /// <summary>The logged-in user's canonical username.</summary>
    public string Username { get; }

    /// <summary>Creates an account for <paramref name="username"/> with its identity public key; returns the new user id.</summary>
    public static async Task<Guid> RegisterAsync(Uri coordinator, string username, string password, byte[] identityPublicKey, CancellationToken cancellationToken)
    {
        using var channel = CoordinatorChannel.Create(coordinator);
        var client = new CoordinatorService.CoordinatorClient(channel);
        var response = await client.RegisterAsync(
            new RegisterRequest
            {
                Username = username,
                Password = password,
                IdentityPublicKey = Google.Protobuf.ByteString.CopyFrom(identityPublicKey),
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return Guid.Parse(response.UserId);
    }

    /// <summary>Logs in and returns a session that carries the token on every call.</summary>
    public static async Task<CoordinatorSession> LoginAsync(Uri coordinator, string username, string password, CancellationToken cancellationToken)
    {
        var channel = CoordinatorChannel.Create(coordinator);
        try
        {
            var client = new CoordinatorService.CoordinatorClient(channel);
            var response = await client.LoginAsync(
                new LoginRequest { Username = username, Password = password },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return new CoordinatorSession(channel, response.Token, Guid.Parse(response.UserId), username);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>Looks a user up: identity keys and presence.</summary>
    public async Task<GetUserResponse> GetUserAsync(string username, CancellationToken cancellationToken) =>
        await _client.GetUserAsync(new GetUserRequest { Username = username }, Options(cancellationToken)).ConfigureAwait(false);

    /// <summary>States how this user can be reached.</summary>
    public async Task UpdatePresenceAsync(PresenceSettings presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        await _client.UpdatePresenceAsync(
            new UpdatePresenceRequest
            {
                NatType = presence.NatType,
                CanAcceptInbound = presence.CanAcceptInbound,
                PublicAddress = presence.PublicAddress ?? string.Empty,
            },
            Options(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Asks <paramref name="username"/> for a chat.</summary>
    public async Task<RequestChatResponse> RequestChatAsync(string username, CancellationToken cancellationToken) =>
        await _client.RequestChatAsync(new RequestChatRequest { Username = username }, Options(cancellationToken)).ConfigureAwait(false);

    /// <summary>Accepts a chat request; returns this side's role.</summary>
    public async Task<SessionRole> AcceptChatAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await _client.AcceptChatAsync(new AcceptChatRequest { SessionId = sessionId.ToString() }, Options(cancellationToken)).ConfigureAwait(false)).Role;

    /// <summary>Declines a chat request.</summary>
    public async Task DeclineChatAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await _client.DeclineChatAsync(new DeclineChatRequest { SessionId = sessionId.ToString() }, Options(cancellationToken)).ConfigureAwait(false);

    /// <summary>Tells the coordinator this host's listener is up, with its port and certificate fingerprint.</summary>
    public async Task ReportHostReadyAsync(Guid sessionId, int port, byte[] certificateSha256, CancellationToken cancellationToken) =>
        await _client.ReportHostReadyAsync(
            new ReportHostReadyRequest
            {
                SessionId = sessionId.ToString(),
                Port = checked((uint)port),
                CertificateSha256 = Google.Protobuf.ByteString.CopyFrom(certificateSha256),
            },
            Options(cancellationToken)).ConfigureAwait(false);

    /// <summary>Ends a session with the reason it ended.</summary>
    public async Task EndSessionAsync(Guid sessionId, EndReason reason, CancellationToken cancellationToken) =>
        await _client.EndSessionAsync(new EndSessionRequest { SessionId = sessionId.ToString(), Reason = reason }, Options(cancellationToken)).ConfigureAwait(false);

    /// <summary>
    /// The user's event stream, reconnected with backoff whenever it breaks; <paramref name="presence"/>
    /// is restated before every connection so a restarted coordinator learns it again.
    /// </summary>
    public ServerEventFeed OpenEvents(PresenceSettings presence, ReconnectBackoff backoff) =>
        new(
            ct => _client.Connect(new ConnectRequest(), Options(ct)),
            ct => UpdatePresenceAsync(presence, ct),
            backoff);

    /// <summary>Revokes the token (best effort).</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken) =>
        await _client.LogoutAsync(new LogoutRequest(), Options(cancellationToken)).ConfigureAwait(false);

    public void Dispose() => _channel.Dispose();

    private CallOptions Options(CancellationToken cancellationToken) => new(_authorization, cancellationToken: cancellationToken);
}
