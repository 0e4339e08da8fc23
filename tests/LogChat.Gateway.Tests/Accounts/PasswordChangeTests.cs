using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests.Accounts;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PasswordChangeTests(GatewayServer server)
{
    private static readonly ByteString NewLoginSecret = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData("a new password"u8));

    [Fact]
    public async Task A_password_change_swaps_the_login_secret_and_ends_every_login_and_stream_of_the_user()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var phone = await alice.LoginAsync();
        var laptop = await alice.LoginAsync();
        await using var laptopStream = new EventFeed(server.Client.Connect(new ConnectRequest(), laptop));
        await laptopStream.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.Connected);

        await server.Client.ChangePasswordAsync(new ChangePasswordRequest { LoginSecret = TestUser.LoginSecret, NewLoginSecret = NewLoginSecret }, phone);

        Assert.Equal(StatusCode.Unauthenticated, (await laptopStream.EndAsync()).StatusCode);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, laptop).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, phone).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => alice.LoginAsync());
        await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, await alice.LoginAsync(NewLoginSecret));
    }

    [Fact]
    public async Task A_wrong_current_login_secret_is_permission_denied_and_changes_nothing()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var auth = await alice.LoginAsync();

        await RpcAssert.FailsAsync(
            StatusCode.PermissionDenied,
            () => server.Client.ChangePasswordAsync(new ChangePasswordRequest { LoginSecret = ByteString.CopyFrom(new byte[32]), NewLoginSecret = NewLoginSecret }, auth).ResponseAsync,
            "login_secret does not match this account's password");

        await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, auth);
        await alice.LoginAsync();
    }

    [Theory]
    [InlineData(31, "new_login_secret must be exactly 32 bytes (got 31)")]
    [InlineData(0, "new_login_secret must be exactly 32 bytes (got 0)")]
    public async Task A_new_login_secret_of_the_wrong_size_is_invalid_argument(int size, string message)
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");

        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument,
            async () => await server.Client.ChangePasswordAsync(
                new ChangePasswordRequest { LoginSecret = TestUser.LoginSecret, NewLoginSecret = ByteString.CopyFrom(new byte[size]) }, await alice.LoginAsync()),
            message);
    }

    [Fact]
    public async Task A_new_login_secret_equal_to_the_current_one_or_a_malformed_current_one_is_invalid_argument()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var auth = await alice.LoginAsync();

        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument,
            () => server.Client.ChangePasswordAsync(new ChangePasswordRequest { LoginSecret = TestUser.LoginSecret, NewLoginSecret = TestUser.LoginSecret }, auth).ResponseAsync,
            "new_login_secret equals login_secret");
        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument,
            () => server.Client.ChangePasswordAsync(new ChangePasswordRequest { LoginSecret = ByteString.CopyFrom(new byte[5]), NewLoginSecret = NewLoginSecret }, auth).ResponseAsync,
            "login_secret must be exactly 32 bytes (got 5)");
    }

    [Fact]
    public async Task Only_the_new_login_secret_s_hash_is_stored()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var before = await server.ScalarAsync<string>("SELECT password_hash FROM users WHERE id = $1", alice.UserId);

        await server.Client.ChangePasswordAsync(new ChangePasswordRequest { LoginSecret = TestUser.LoginSecret, NewLoginSecret = NewLoginSecret }, await alice.LoginAsync());

        var after = await server.ScalarAsync<string>("SELECT password_hash FROM users WHERE id = $1", alice.UserId);
        Assert.StartsWith("$argon2id$", after, StringComparison.Ordinal);
        Assert.NotEqual(before, after);
        Assert.DoesNotContain(Convert.ToBase64String(NewLoginSecret.ToByteArray()).TrimEnd('='), after!, StringComparison.Ordinal);
    }
}
