using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests.AccountLifecycle;

[Collection(LifecycleGatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class AccountDeletionTests(LifecycleGatewayServer server)
{
    private static readonly TimeSpan DefaultHold = TimeSpan.FromDays(30);

    [Fact]
    public async Task Deleting_ends_streams_and_sessions_removes_the_user_and_holds_the_name()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var carol = await TestUser.CreateAsync(server, "carol");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        await carol.Client.BlockUserAsync(new BlockUserRequest { Username = alice.Name }, carol.Auth);
        await alice.Client.BlockUserAsync(new BlockUserRequest { Username = carol.Name }, alice.Auth);
        var session = await bob.Client.RequestChatAsync(new RequestChatRequest { Username = alice.Name }, bob.Auth);
        await aliceEvents.ChatRequestedAsync(session.SessionId);
        var before = DateTimeOffset.UtcNow;

        var deleted = await alice.Client.DeleteAccountAsync(new DeleteAccountRequest { Username = alice.Name, LoginSecret = TestUser.LoginSecret }, alice.Auth);

        Assert.InRange(deleted.UsernameHeldUntil.ToDateTimeOffset(), before + DefaultHold - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow + DefaultHold);
        var streamEnd = await aliceEvents.EndAsync();
        Assert.Equal((StatusCode.Unauthenticated, "this account was deleted"), (streamEnd.StatusCode, streamEnd.Detail));
        var ended = await bobEvents.SessionEndedAsync(session.SessionId);
        Assert.Equal((EndReason.ParticipantOffline, $"{alice.Name} went offline"), (ended.Reason, ended.Detail));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => alice.Client.GetUserAsync(new GetUserRequest { Username = bob.Name }, alice.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.LoginAsync(new LoginRequest { Username = alice.Name, LoginSecret = TestUser.LoginSecret }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => bob.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, bob.Auth).ResponseAsync, $"no user named {alice.Name}");
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists,
            () => server.Client.RegisterAsync(new RegisterRequest
            {
                Username = alice.Name,
                LoginSecret = TestUser.LoginSecret,
                IdentityPublicKey = ByteString.CopyFrom(bob.IdentityKey),
            }).ResponseAsync, $"username {alice.Name} is taken");
        Assert.Empty((await carol.Client.ListBlockedUsersAsync(new ListBlockedUsersRequest(), carol.Auth)).Blocked);
        foreach (var table in new[] { "users WHERE id", "public_keys WHERE user_id", "user_presence WHERE user_id", "user_blocks WHERE blocker_id", "user_blocks WHERE blocked_id", "sessions WHERE initiator_id", "sessions WHERE responder_id" })
        {
            Assert.Equal(0L, await server.ScalarAsync<long>($"SELECT count(*) FROM {table} = $1::uuid", alice.UserId));
        }

        Assert.Equal(1L, await server.ScalarAsync<long>("SELECT count(*) FROM deleted_usernames WHERE username = $1", alice.Name));
    }

    [Fact]
    public async Task Another_users_name_is_invalid_and_says_whose_name_to_type()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => DeleteAsync(alice, bob.Name, TestUser.LoginSecret),
            $"username must be the name of the account being deleted ({alice.Name}), typed again to confirm");
        await StillThereAsync(alice);
        await StillThereAsync(bob);
    }

    [Theory]
    [InlineData(0, "login_secret must be exactly 32 bytes (got 0)")]
    [InlineData(31, "login_secret must be exactly 32 bytes (got 31)")]
    [InlineData(33, "login_secret must be exactly 32 bytes (got 33)")]
    public async Task A_login_secret_of_the_wrong_size_is_invalid(int size, string message)
    {
        var alice = await TestUser.CreateAsync(server, "alice");

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => DeleteAsync(alice, alice.Name, ByteString.CopyFrom(new byte[size])), message);
        await StillThereAsync(alice);
    }

    [Fact]
    public async Task A_missing_or_malformed_username_is_invalid_with_the_rule_it_breaks()
    {
        var alice = await TestUser.CreateAsync(server, "alice");

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => DeleteAsync(alice, string.Empty, TestUser.LoginSecret), "username is required");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => DeleteAsync(alice, "a", TestUser.LoginSecret), "username must be 3-32 characters long");
        await StillThereAsync(alice);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_deletes_nothing()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var wrong = ByteString.CopyFrom(new byte[32]);

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => DeleteAsync(alice, alice.Name, wrong), "wrong password: the account was not deleted");

        await StillThereAsync(alice);
        await server.Client.LoginAsync(new LoginRequest { Username = alice.Name, LoginSecret = TestUser.LoginSecret });
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM deleted_usernames WHERE username = $1", alice.Name));
    }

    private static Task<DeleteAccountResponse> DeleteAsync(TestUser user, string username, ByteString loginSecret) =>
        user.Client.DeleteAccountAsync(new DeleteAccountRequest { Username = username, LoginSecret = loginSecret }, user.Auth).ResponseAsync;

    private static async Task StillThereAsync(TestUser user) =>
        Assert.Equal(user.UserId, (await user.Client.GetUserAsync(new GetUserRequest { Username = user.Name }, user.Auth)).UserId);
}
