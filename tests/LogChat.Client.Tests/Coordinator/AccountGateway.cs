using Google.Protobuf;
using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Microsoft.AspNetCore.Builder;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>
/// A stand-in coordinator on loopback h2c holding one account: it logs in only with the account's login secret, publishes
/// its key, and applies ChangePassword and RotateKey, optionally without answering (as if the answer were lost on the way),
/// so that a test can put the client in each window of an interrupted change.
/// </summary>
internal sealed class AccountGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AccountGateway(WebApplication app, int port, AccountState account)
    {
        _app = app;
        Url = new Uri($"http://127.0.0.1:{port}");
        Account = account;
    }

    public Uri Url { get; }

    public AccountState Account { get; }

    public static async Task<AccountGateway> StartAsync(AccountState account)
    {
        var port = LoopbackPorts.GetFree();
        var app = await LoopbackGrpcApp.StartAsync<Service, AccountState>([port], account);
        return new AccountGateway(app, port, account);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The one account, as the coordinator holds it.</summary>
    internal sealed class AccountState(string username, byte[] loginSecret, byte[] identityKey)
    {
        public Guid UserId { get; } = Guid.NewGuid();

        public string Username { get; } = username;

        public byte[] LoginSecret { get; set; } = loginSecret;

        public byte[] IdentityKey { get; set; } = identityKey;

        /// <summary>Apply a change, then answer UNAVAILABLE instead of OK (the answer is lost).</summary>
        public bool LoseAnswers { get; set; }
    }

    private sealed class Service(AccountState account) : Protocol.Coordinator.V1.Coordinator.CoordinatorBase
    {
        public override Task<LoginResponse> Login(LoginRequest request, ServerCallContext context) =>
            request.Username == account.Username && request.LoginSecret.Span.SequenceEqual(account.LoginSecret)
                ? Task.FromResult(new LoginResponse { Token = "token", UserId = account.UserId.ToString() })
                : throw new RpcException(new Status(StatusCode.Unauthenticated, "wrong username or password"));

        public override Task<GetUserResponse> GetUser(GetUserRequest request, ServerCallContext context) =>
            Task.FromResult(new GetUserResponse
            {
                UserId = account.UserId.ToString(),
                Username = account.Username,
                IdentityKeys = { new IdentityKey { KeyType = KeyType.Ed25519, PublicKey = ByteString.CopyFrom(account.IdentityKey) } },
                Presence = new Presence(),
            });

        public override Task<ChangePasswordResponse> ChangePassword(ChangePasswordRequest request, ServerCallContext context)
        {
            RequireLoginSecret(request.LoginSecret);
            account.LoginSecret = request.NewLoginSecret.ToByteArray();
            return Answer(new ChangePasswordResponse());
        }

        public override Task<RotateKeyResponse> RotateKey(RotateKeyRequest request, ServerCallContext context)
        {
            RequireLoginSecret(request.LoginSecret);
            account.IdentityKey = request.NewIdentityKey.ToByteArray();
            return Answer(new RotateKeyResponse());
        }

        private void RequireLoginSecret(ByteString secret)
        {
            if (!secret.Span.SequenceEqual(account.LoginSecret))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "login_secret does not match this account's password"));
            }
        }

        private Task<T> Answer<T>(T response) =>
            account.LoseAnswers ? throw new RpcException(new Status(StatusCode.Unavailable, "connection reset")) : Task.FromResult(response);
    }
}
