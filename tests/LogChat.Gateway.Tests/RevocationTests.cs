using System.Diagnostics;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests;

/// <summary>A gateway whose tokens expire seconds after login, so that a test sees a stream outlive its token.</summary>
public sealed class ShortTokenGatewayServer : GatewayServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() => [new("LogChat:Gateway:TokenLifetime", "00:00:03")];
}

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class RevocationTests(GatewayServer server)
{
    /// <summary>How soon a revoked token's streams must end.</summary>
    public static readonly TimeSpan EndWithin = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Logout_ends_the_streams_opened_with_that_token_within_seconds_and_no_other()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var otherLogin = await LoginAsync(alice);
        await using var first = await alice.ConnectAsync();
        await using var second = await alice.ConnectAsync();
        await using var other = new EventFeed(alice.Client.Connect(new ConnectRequest(), otherLogin));
        await other.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.Connected);

        var clock = Stopwatch.StartNew();
        await alice.Client.LogoutAsync(new LogoutRequest(), alice.Auth);

        foreach (var ended in new[] { await first.EndAsync(), await second.EndAsync() })
        {
            Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
            Assert.Contains("logged out", ended.Detail, StringComparison.Ordinal);
        }

        Assert.True(clock.Elapsed < EndWithin, $"the streams ended {clock.Elapsed} after Logout");
        await alice.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, otherLogin);
        await other.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.KeepAlive);
    }

    [Fact]
    public async Task Logout_everywhere_revokes_every_token_of_the_user_and_ends_all_streams()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var laptop = await LoginAsync(alice);
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var phoneStream = await alice.ConnectAsync();
        await using var laptopStream = new EventFeed(alice.Client.Connect(new ConnectRequest(), laptop));
        await laptopStream.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.Connected);
        await using var bobStream = await bob.ConnectAsync();

        await alice.Client.LogoutAsync(new LogoutRequest { Everywhere = true }, alice.Auth);

        Assert.Equal(StatusCode.Unauthenticated, (await phoneStream.EndAsync()).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await laptopStream.EndAsync()).StatusCode);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => alice.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, laptop).ResponseAsync);
        await bob.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, bob.Auth);
        await bobStream.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.KeepAlive);
    }

    [Fact]
    public async Task A_user_may_hold_four_streams_and_a_fifth_is_refused_with_the_reason()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var streams = new List<EventFeed>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                streams.Add(await alice.ConnectAsync());
            }

            await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, async () =>
            {
                using var fifth = alice.Client.Connect(new ConnectRequest(), alice.Auth);
                await fifth.ResponseStream.MoveNext();
            }, "open Connect streams");
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task<Metadata> LoginAsync(TestUser user)
    {
        var login = await server.Client.LoginAsync(new LoginRequest { Username = user.Name, LoginSecret = TestUser.LoginSecret });
        return new Metadata { { "authorization", $"Bearer {login.Token}" } };
    }
}

[Trait("Category", "Postgres")]
public sealed class TokenExpiryTests(ShortTokenGatewayServer server) : IClassFixture<ShortTokenGatewayServer>
{
    [Fact]
    public async Task A_stream_ends_when_its_token_expires()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        await using var stream = await alice.ConnectAsync();

        var ended = await stream.EndAsync();

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("expired", ended.Detail, StringComparison.Ordinal);
    }
}
