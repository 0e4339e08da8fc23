using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests.AccountLifecycle;

[Collection(LifecycleGatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class BlockingTests(LifecycleGatewayServer server)
{
    [Fact]
    public async Task A_blocked_request_gets_exactly_the_status_and_message_of_a_request_to_an_offline_user_and_never_reaches_the_blocker()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var carol = await TestUser.CreateAsync(server, "carol");
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var whileOffline = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => RequestChatAsync(bob, alice));
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);

        var blocked = await alice.Client.BlockUserAsync(new BlockUserRequest { Username = bob.Name }, alice.Auth);
        var whileBlocked = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => RequestChatAsync(bob, alice));

        Assert.False(blocked.AlreadyBlocked);
        Assert.Equal((whileOffline.StatusCode, whileOffline.Status.Detail), (whileBlocked.StatusCode, whileBlocked.Status.Detail));
        Assert.Equal($"{alice.Name} is offline", whileBlocked.Status.Detail);
        Assert.False((await LookUpAsync(bob, alice)).Presence.Online);
        Assert.True((await LookUpAsync(carol, alice)).Presence.Online);
        await using var carolEvents = await carol.GoOnlineAsync(canAcceptInbound: true);
        var fromCarol = await RequestChatAsync(carol, alice);
        var firstRequest = await aliceEvents.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.ChatRequested);
        Assert.Equal(fromCarol.SessionId, firstRequest.ChatRequested.SessionId);
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM sessions WHERE initiator_id = $1::uuid", bob.UserId));
    }

    [Fact]
    public async Task Unblocking_lets_the_requests_and_the_presence_through_again()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        await alice.Client.BlockUserAsync(new BlockUserRequest { Username = bob.Name }, alice.Auth);

        var unblocked = await alice.Client.UnblockUserAsync(new UnblockUserRequest { Username = bob.Name }, alice.Auth);

        Assert.True(unblocked.WasBlocked);
        Assert.True((await LookUpAsync(bob, alice)).Presence.Online);
        var request = await RequestChatAsync(bob, alice);
        await aliceEvents.ChatRequestedAsync(request.SessionId);
    }

    [Fact]
    public async Task Blocked_attempts_count_against_the_requesters_chat_request_limit()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        await alice.Client.BlockUserAsync(new BlockUserRequest { Username = bob.Name }, alice.Auth);

        for (var i = 0; i < LifecycleGatewayServer.ChatRequestsPerUser; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => RequestChatAsync(bob, alice), $"{alice.Name} is offline");
        }

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => RequestChatAsync(bob, alice));
    }

    [Fact]
    public async Task Block_unblock_and_the_list_say_what_changed()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var carol = await TestUser.CreateAsync(server, "carol");

        await alice.Client.BlockUserAsync(new BlockUserRequest { Username = bob.Name.ToUpperInvariant() }, alice.Auth);
        await alice.Client.BlockUserAsync(new BlockUserRequest { Username = carol.Name }, alice.Auth);
        var again = await alice.Client.BlockUserAsync(new BlockUserRequest { Username = bob.Name }, alice.Auth);
        var listed = await alice.Client.ListBlockedUsersAsync(new ListBlockedUsersRequest(), alice.Auth);
        await alice.Client.UnblockUserAsync(new UnblockUserRequest { Username = carol.Name }, alice.Auth);
        var notBlocked = await alice.Client.UnblockUserAsync(new UnblockUserRequest { Username = carol.Name }, alice.Auth);
        var afterUnblock = await alice.Client.ListBlockedUsersAsync(new ListBlockedUsersRequest(), alice.Auth);

        Assert.True(again.AlreadyBlocked);
        Assert.Equal([(bob.UserId, bob.Name), (carol.UserId, carol.Name)], listed.Blocked.Select(b => (b.UserId, b.Username)));
        Assert.All(listed.Blocked, b => Assert.InRange(b.BlockedAt.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.False(notBlocked.WasBlocked);
        Assert.Equal([bob.Name], afterUnblock.Blocked.Select(b => b.Username));
        Assert.Empty((await bob.Client.ListBlockedUsersAsync(new ListBlockedUsersRequest(), bob.Auth)).Blocked);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("no spaces")]
    [InlineData("thirty-three-characters-is-1-too-many")]
    public async Task A_malformed_username_is_invalid_with_the_rule_it_breaks(string username)
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        Assert.False(UsernameRule.TryCanonicalize(username, out _, out var problem));

        var blocking = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => alice.Client.BlockUserAsync(new BlockUserRequest { Username = username }, alice.Auth).ResponseAsync);
        var unblocking = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => alice.Client.UnblockUserAsync(new UnblockUserRequest { Username = username }, alice.Auth).ResponseAsync);

        Assert.Equal(problem, blocking.Status.Detail);
        Assert.Equal(problem, unblocking.Status.Detail);
    }

    [Fact]
    public async Task Oneself_and_unknown_users_are_refused_precisely()
    {
        var alice = await TestUser.CreateAsync(server, "alice");

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => alice.Client.BlockUserAsync(new BlockUserRequest { Username = alice.Name }, alice.Auth).ResponseAsync, "you cannot block yourself");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => alice.Client.UnblockUserAsync(new UnblockUserRequest { Username = alice.Name }, alice.Auth).ResponseAsync, "you cannot unblock yourself");
        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => alice.Client.BlockUserAsync(new BlockUserRequest { Username = "nobody-by-this-name" }, alice.Auth).ResponseAsync, "no user named nobody-by-this-name");
        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => alice.Client.UnblockUserAsync(new UnblockUserRequest { Username = "nobody-by-this-name" }, alice.Auth).ResponseAsync, "no user named nobody-by-this-name");
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => alice.Client.ListBlockedUsersAsync(new ListBlockedUsersRequest()).ResponseAsync);
    }

    private static Task<RequestChatResponse> RequestChatAsync(TestUser from, TestUser to) =>
        from.Client.RequestChatAsync(new RequestChatRequest { Username = to.Name }, from.Auth).ResponseAsync;

    private static Task<GetUserResponse> LookUpAsync(TestUser caller, TestUser user) =>
        caller.Client.GetUserAsync(new GetUserRequest { Username = user.Name }, caller.Auth).ResponseAsync;
}
