using System.Security.Cryptography;
using LogChat.Grains.Accounts;
using LogChat.Grains.Auth;
using LogChat.Grains.Blocking;
using LogChat.Grains.Errors;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using LogChat.Testing;
using Xunit;

namespace LogChat.Grains.Tests.Accounts;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class AccountDeletionTests(GrainClusterFixture cluster)
{
    // Every table that holds a row about a user, with the columns that name it.
    private static readonly string[] RowsAboutAUser =
    [
        "SELECT count(*) FROM users WHERE id = $1",
        "SELECT count(*) FROM public_keys WHERE user_id = $1",
        "SELECT count(*) FROM user_presence WHERE user_id = $1",
        "SELECT count(*) FROM sessions WHERE $1 IN (initiator_id, responder_id, host_id)",
        "SELECT count(*) FROM user_blocks WHERE $1 IN (blocker_id, blocked_id)",
    ];

    [Fact]
    public async Task Deleting_removes_every_row_about_the_user_ends_its_session_and_holds_the_name()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var carol = await cluster.OnlineUserAsync("carol");
        await Blocks(bob).Block(alice.User);
        await Blocks(alice).Block(carol.User);
        var ended = await cluster.RequestAsync(alice, carol);
        await cluster.Session(ended).Decline(carol.UserId);
        var open = await cluster.RequestAsync(bob, alice);
        var before = DateTimeOffset.UtcNow;

        var heldUntil = await Account(alice).Delete(alice.UserId);
        await alice.StopRenewingAsync();

        Assert.InRange(heldUntil, before + TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow + TimeSpan.FromDays(30));
        foreach (var query in RowsAboutAUser)
        {
            Assert.Equal([0L], await cluster.Tables.ColumnAsync<long>(query, alice.UserId));
        }

        Assert.Equal([heldUntil.ToUnixTimeMilliseconds()], (await cluster.Tables.ColumnAsync<DateTimeOffset>(
            "SELECT held_until FROM deleted_usernames WHERE username = $1", alice.Username)).Select(t => t.ToUnixTimeMilliseconds()));
        var notice = await bob.WaitForEndAsync(open);
        Assert.Equal((SessionEndReason.ParticipantOffline, $"{alice.Username} went offline"), (notice.Reason, notice.Detail));
        await Eventually.TrueAsync(() => cluster.Gateway.EndOf(alice.ConnectionId) is not null, "alice's stream to end");
        Assert.Equal(AccountDeletion.StreamEndReason, cluster.Gateway.EndOf(alice.ConnectionId));
        Assert.Equal([1L], await cluster.Tables.ColumnAsync<long>("SELECT count(*) FROM users WHERE id = $1", carol.UserId));
    }

    [Fact]
    public async Task No_grain_serves_the_deleted_user_afterwards_even_once_reactivated()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await Blocks(bob).Block(alice.User);
        await Blocks(alice).Block(bob.User);
        var token = cluster.Client.GetGrain<ITokenGrain>(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        await token.Issue(alice.UserId, alice.Username, DateTimeOffset.UtcNow.AddHours(1));
        Assert.NotNull(await token.Validate());
        await alice.StopRenewingAsync();

        await Account(alice).Delete(alice.UserId);

        Assert.Null(await Account(alice).Find());
        Assert.Null(await token.Validate());
        Assert.False((await alice.Presence.GetPresence()).Online);
        Assert.False(await Blocks(bob).Blocks(alice.UserId));
        Assert.Empty(await Blocks(bob).List());
        Assert.False(await Blocks(alice).Blocks(bob.UserId));
        foreach (var grain in new IGrain[] { Account(alice), token, alice.Presence, Blocks(bob), cluster.Client.GetGrain<IUserTokensGrain>(alice.UserId) })
        {
            await cluster.Cluster.DeactivateAsync(grain);
        }

        Assert.Null(await Account(alice).Find());
        Assert.Null(await token.Validate());
        Assert.False((await alice.Presence.GetPresence()).Online);
        Assert.Empty(await Blocks(bob).List());
    }

    [Fact]
    public async Task The_name_cannot_be_registered_again_while_it_is_held_nor_after_a_reactivation()
    {
        var alice = await cluster.RegisterAsync("alice");
        await cluster.Client.GetGrain<IUserAccountGrain>(alice.Username).Delete(alice.UserId);

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(
            () => cluster.Client.GetGrain<IUserAccountGrain>(alice.Username).Register("hash", RandomNumberGenerator.GetBytes(32)));
        await cluster.Cluster.DeactivateAsync(cluster.Client.GetGrain<IUserAccountGrain>(alice.Username));
        var afterReactivation = await Assert.ThrowsAsync<CoordinatorException>(
            () => cluster.Client.GetGrain<IUserAccountGrain>(alice.Username).Register("hash", RandomNumberGenerator.GetBytes(32)));

        Assert.Equal((CoordinatorError.AlreadyExists, $"username {alice.Username} is taken"), (refusal.Error, refusal.Message));
        Assert.Equal(CoordinatorError.AlreadyExists, afterReactivation.Error);
    }

    [Fact]
    public async Task Once_the_hold_has_passed_the_name_is_free_for_a_new_account_with_a_new_user_id()
    {
        var alice = await cluster.RegisterAsync("alice");
        var account = cluster.Client.GetGrain<IUserAccountGrain>(alice.Username);
        await account.Delete(alice.UserId);
        await cluster.Tables.ColumnAsync<int>(
            "UPDATE deleted_usernames SET held_until = now() - interval '1 second' WHERE username = $1 RETURNING 1", alice.Username);

        var newId = await account.Register("hash", RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(alice.UserId, newId);
        Assert.Equal(newId, (await account.Find())?.UserId);
    }

    [Fact]
    public async Task Deleting_another_account_than_the_one_holding_the_name_is_refused_and_changes_nothing()
    {
        var alice = await cluster.RegisterAsync("alice");

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(
            () => cluster.Client.GetGrain<IUserAccountGrain>(alice.Username).Delete(Guid.NewGuid()));

        Assert.Equal(CoordinatorError.NotFound, refusal.Error);
        Assert.Equal(alice.UserId, (await cluster.Client.GetGrain<IUserAccountGrain>(alice.Username).Find())?.UserId);
        Assert.Equal([1L], await cluster.Tables.ColumnAsync<long>("SELECT count(*) FROM users WHERE id = $1", alice.UserId));
    }

    private IUserAccountGrain Account(ConnectedUser user) => cluster.Client.GetGrain<IUserAccountGrain>(user.Username);

    private IBlockListGrain Blocks(ConnectedUser user) => cluster.Client.GetGrain<IBlockListGrain>(user.UserId);
}
