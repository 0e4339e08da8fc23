using LogChat.Grains.Blocking;
using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Blocking;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class BlockListTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task A_blocked_users_request_is_refused_as_offline_reaches_nobody_and_leaves_no_row()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await Blocks(alice).Block(bob.User);
        var sessionId = Guid.NewGuid();

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => cluster.Session(sessionId).Request(bob.User, alice.User));

        Assert.Equal((CoordinatorError.FailedPrecondition, $"{alice.Username} is offline"), (refusal.Error, refusal.Message));
        Assert.Null(await cluster.Tables.SessionAsync(sessionId));
        await Blocks(alice).Unblock(bob.UserId);
        var allowed = await cluster.RequestAsync(bob, alice);
        await alice.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == allowed);
        Assert.DoesNotContain(alice.Events.OfType<ChatRequestedEvent>(), e => e.SessionId == sessionId);
    }

    [Fact]
    public async Task Blocking_ends_the_open_sessions_between_the_two_as_if_the_blocker_went_offline_and_no_other()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var carol = await cluster.OnlineUserAsync("carol");
        var fromBob = await cluster.RequestAsync(bob, alice);
        var toBob = await cluster.RequestAsync(alice, bob);
        var withCarol = await cluster.RequestAsync(carol, alice);

        Assert.True(await Blocks(alice).Block(bob.User));

        foreach (var sessionId in new[] { fromBob, toBob })
        {
            var notice = await bob.WaitForEndAsync(sessionId);
            Assert.Equal((SessionEndReason.ParticipantOffline, $"{alice.Username} went offline"), (notice.Reason, notice.Detail));
            Assert.Equal("participant_offline", (await cluster.Tables.SessionAsync(sessionId))!.EndReason);
        }

        Assert.Equal("requested", (await cluster.Tables.SessionAsync(withCarol))!.State);
    }

    [Fact]
    public async Task Blocking_twice_changes_nothing_and_the_list_shows_names_oldest_first()
    {
        var alice = await cluster.RegisterAsync("alice");
        var bob = await cluster.RegisterAsync("bob");
        var carol = await cluster.RegisterAsync("carol");
        var blocks = cluster.Client.GetGrain<IBlockListGrain>(alice.UserId);

        Assert.True(await blocks.Block(bob));
        Assert.True(await blocks.Block(carol));
        Assert.False(await blocks.Block(bob));
        var listed = await blocks.List();
        Assert.True(await blocks.Unblock(bob.UserId));
        Assert.False(await blocks.Unblock(bob.UserId));

        Assert.Equal([bob.Username, carol.Username], listed.Select(b => b.Username));
        Assert.Equal([bob.UserId, carol.UserId], listed.Select(b => b.UserId));
        Assert.Equal([carol.UserId], await cluster.Tables.ColumnAsync<Guid>("SELECT blocked_id FROM user_blocks WHERE blocker_id = $1", alice.UserId));
        Assert.False(await blocks.Blocks(bob.UserId));
        Assert.True(await blocks.Blocks(carol.UserId));
    }

    [Fact]
    public async Task Nobody_blocks_themselves()
    {
        var alice = await cluster.RegisterAsync("alice");

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => cluster.Client.GetGrain<IBlockListGrain>(alice.UserId).Block(alice));

        Assert.Equal((CoordinatorError.InvalidArgument, "you cannot block yourself"), (refusal.Error, refusal.Message));
    }

    [Fact]
    public async Task A_block_list_holds_at_most_a_thousand_users_and_takes_another_once_one_is_lifted()
    {
        var alice = await cluster.RegisterAsync("alice");
        var bob = await cluster.RegisterAsync("bob");
        var blocked = await cluster.Tables.ColumnAsync<Guid>(
            """
            WITH made AS (
                INSERT INTO users (id, username, password_hash)
                SELECT gen_random_uuid(), 'bulk-' || substr(md5(random()::text), 1, 20), 'hash' FROM generate_series(1, $2)
                RETURNING id
            )
            INSERT INTO user_blocks (blocker_id, blocked_id, blocked_at) SELECT $1, id, now() FROM made RETURNING blocked_id
            """, alice.UserId, BlockListGrain.MaxBlocked);
        var blocks = cluster.Client.GetGrain<IBlockListGrain>(alice.UserId);

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => blocks.Block(bob));
        await blocks.Unblock(blocked[0]);
        var afterUnblock = await blocks.Block(bob);

        Assert.Equal((CoordinatorError.ResourceExhausted, "you have blocked 1000 users, the most allowed: unblock someone first"), (refusal.Error, refusal.Message));
        Assert.True(afterUnblock);
        Assert.Equal([(long)BlockListGrain.MaxBlocked], await cluster.Tables.ColumnAsync<long>("SELECT count(*) FROM user_blocks WHERE blocker_id = $1", alice.UserId));
    }

    private IBlockListGrain Blocks(ConnectedUser user) => cluster.Client.GetGrain<IBlockListGrain>(user.UserId);
}
