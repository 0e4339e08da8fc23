using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Auth;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class AuthenticationTests(GatewayServer server)
{
    [Fact]
    public async Task Login_returns_a_256_bit_token_that_expires_and_is_stored_only_as_a_hash()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var login = await server.Client.LoginAsync(new LoginRequest { Username = alice.Name.ToUpperInvariant(), LoginSecret = TestUser.LoginSecret });

        Assert.Equal(32, Convert.FromBase64String(login.Token.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.True(login.ExpiresAt.ToDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Equal(alice.UserId, login.UserId);
        var tokenHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(login.Token)));
        Assert.Equal(1L, await server.ScalarAsync<long>("SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension LIKE '%' || $1", tokenHash));
        Assert.Equal(0L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE position(convert_to($1, 'UTF8') IN coalesce(payload, ''::bytea)) > 0 OR grain_id_extension LIKE '%' || $1 || '%'",
            login.Token));
    }

    [Fact]
    public async Task A_wrong_login_secret_and_an_unknown_user_get_the_same_answer()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var wrongPassword = await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.LoginAsync(new LoginRequest { Username = alice.Name, LoginSecret = ByteString.CopyFrom(new byte[32]) }).ResponseAsync);
        var unknownUser = await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.LoginAsync(new LoginRequest { Username = "nobody-here", LoginSecret = TestUser.LoginSecret }).ResponseAsync);
        Assert.Equal(wrongPassword.Status.Detail, unknownUser.Status.Detail);
    }

    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.GetUserAsync(new GetUserRequest { Username = "alice" }).ResponseAsync, "log in");
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task A_bad_token_is_unauthenticated(string authorization)
    {
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.GetUserAsync(new GetUserRequest { Username = "alice" }, new Metadata { { "authorization", authorization } }).ResponseAsync);
    }

    [Fact]
    public async Task A_token_is_refused_after_logout_and_on_the_Connect_stream_too()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, alice.Auth);

        await server.Client.LogoutAsync(new LogoutRequest(), alice.Auth);

        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, alice.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, async () =>
        {
            using var call = server.Client.Connect(new ConnectRequest(), alice.Auth);
            await call.ResponseStream.MoveNext();
        });
    }

    [Fact]
    public async Task A_Connect_stream_lets_its_token_activation_go_and_the_token_keeps_working()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var tokenGrain = $"token/{BearerToken.StorageKey(alice.Token)}";
        var management = server.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.Contains(await ActiveGrainsAsync(management), id => id == tokenGrain);

        await using var events = await alice.ConnectAsync();

        await Eventually.TrueAsync(async () => !(await ActiveGrainsAsync(management)).Contains(tokenGrain), "the token grain to be deactivated");
        await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, alice.Auth);
        Assert.Contains(await ActiveGrainsAsync(management), id => id == tokenGrain);
    }

    [Fact]
    public async Task A_token_in_use_by_calls_stays_active_when_its_client_connects()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var idle = await TestUser.CreateAsync(server, "idle");
        var management = server.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, alice.Auth);

        await using var aliceEvents = await alice.ConnectAsync();
        await using var idleEvents = await idle.ConnectAsync();

        var idleToken = $"token/{BearerToken.StorageKey(idle.Token)}";
        await Eventually.TrueAsync(async () => !(await ActiveGrainsAsync(management)).Contains(idleToken), "the idle user's token grain to be released");
        Assert.Contains(await ActiveGrainsAsync(management), id => id == $"token/{BearerToken.StorageKey(alice.Token)}");
    }

    private static async Task<IEnumerable<string>> ActiveGrainsAsync(IManagementGrain management) =>
        (await management.GetDetailedGrainStatistics()).Select(grain => grain.GrainId.ToString());
}
