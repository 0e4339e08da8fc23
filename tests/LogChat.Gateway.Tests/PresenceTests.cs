using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PresenceTests(GatewayServer server)
{
    [Fact]
    public async Task A_user_is_online_exactly_while_its_Connect_stream_is_open()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        Assert.False((await GetAsync(bob, alice.Name)).Presence.Online);

        var events = await alice.GoOnlineAsync(canAcceptInbound: true, NatType.FullCone);
        var online = await GetAsync(bob, alice.Name);
        Assert.True(online.Presence.Online);
        Assert.True(await server.ScalarAsync<bool>("SELECT is_online FROM user_presence WHERE user_id = $1", Guid.Parse(alice.UserId)));
        Assert.Equal("full_cone", await server.ScalarAsync<string>("SELECT nat_type FROM user_presence WHERE user_id = $1", Guid.Parse(alice.UserId)));

        await events.DisposeAsync();

        await Eventually.TrueAsync(async () => !(await GetAsync(bob, alice.Name)).Presence.Online, "alice to go offline");
        await Eventually.TrueAsync(
            async () => !await server.ScalarAsync<bool>("SELECT is_online FROM user_presence WHERE user_id = $1", Guid.Parse(alice.UserId)),
            "user_presence to show alice offline");
    }

    [Fact]
    public async Task Others_see_only_whether_a_user_is_online_and_the_user_sees_its_own_measurement()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var events = await alice.GoOnlineAsync(canAcceptInbound: true, NatType.FullCone);

        var seenByBob = (await GetAsync(bob, alice.Name)).Presence;
        var seenByAlice = (await GetAsync(alice, alice.Name)).Presence;

        Assert.Equal((true, NatType.Unknown, false), (seenByBob.Online, seenByBob.NatType, seenByBob.CanAcceptInbound));
        Assert.Equal((true, NatType.FullCone, true), (seenByAlice.Online, seenByAlice.NatType, seenByAlice.CanAcceptInbound));
    }

    [Fact]
    public async Task A_user_who_goes_offline_leaves_no_address_in_its_presence_row()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var events = await alice.GoOnlineAsync(canAcceptInbound: true, NatType.FullCone);
        var userId = Guid.Parse(alice.UserId);
        Assert.NotNull(await server.ScalarAsync<string>("SELECT public_address FROM user_presence WHERE user_id = $1", userId));

        await events.DisposeAsync();

        await Eventually.TrueAsync(
            async () => !await server.ScalarAsync<bool>("SELECT is_online FROM user_presence WHERE user_id = $1", userId),
            "user_presence to show alice offline");
        Assert.Null(await server.ScalarAsync<string>("SELECT public_address FROM user_presence WHERE user_id = $1", userId));
        Assert.Equal(0, await server.ScalarAsync<int>("SELECT cardinality(local_addresses) FROM user_presence WHERE user_id = $1", userId));
    }

    [Fact]
    public async Task An_idle_Connect_stream_gets_a_keep_alive_every_interval_and_stays_open()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var events = await alice.GoOnlineAsync(canAcceptInbound: true, NatType.FullCone);

        // The test gateway's interval is one second: two keep-alives with server times a tick apart.
        var first = await events.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.KeepAlive);
        var second = await events.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.KeepAlive);

        Assert.True(second.KeepAlive.ServerTime.ToDateTimeOffset() > first.KeepAlive.ServerTime.ToDateTimeOffset());
        Assert.True((await GetAsync(bob, alice.Name)).Presence.Online);
    }

    [Fact]
    public async Task GetUser_shows_the_identity_key_and_refuses_unknown_users()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var found = await GetAsync(alice, alice.Name.ToUpperInvariant());
        Assert.Equal(alice.UserId, found.UserId);
        Assert.Equal(alice.Name, found.Username);
        var key = Assert.Single(found.IdentityKeys);
        Assert.Equal(KeyType.Ed25519, key.KeyType);
        Assert.Equal(alice.IdentityKey, key.PublicKey.ToByteArray());

        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.NotFound, () => GetAsync(alice, "nobody-by-that-name"));
    }

    [Fact]
    public async Task Going_offline_ends_the_open_sessions_of_the_user()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var session = (await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth)).SessionId;
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = session }, bob.Auth);

        await bobEvents.DisposeAsync();

        var ended = await aliceEvents.SessionEndedAsync(session);
        Assert.Equal(EndReason.ParticipantOffline, ended.Reason);
        Assert.Contains(bob.Name, ended.Detail, StringComparison.Ordinal);
        Assert.Equal("participant_offline", await server.ScalarAsync<string>("SELECT end_reason FROM sessions WHERE id = $1", Guid.Parse(session)));
    }

    private static async Task<GetUserResponse> GetAsync(TestUser asker, string username) =>
        await asker.Client.GetUserAsync(new GetUserRequest { Username = username }, asker.Auth);
}
