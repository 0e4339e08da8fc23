using System.Security.Cryptography;
using LogChat.Grains.Accounts;
using LogChat.Grains.Errors;
using LogChat.Grains.Tests.Support;
using LogChat.Protocol.Accounts;
using Xunit;

namespace LogChat.Grains.Tests.Accounts;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class UserAccountTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task Of_50_concurrent_registrations_of_one_name_exactly_one_wins()
    {
        var username = $"popular-{Guid.NewGuid():N}"[..UsernameRule.MaxLength];
        var keys = Enumerable.Range(0, 50).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();

        var outcomes = await Task.WhenAll(keys.Select(key => Outcome(cluster.Client.GetGrain<IUserAccountGrain>(username).Register("hash", key))));

        var winners = outcomes.Where(o => o.UserId is not null).ToList();
        var winner = Assert.Single(winners);
        Assert.Equal(49, outcomes.Count(o => o.Refusal is { Error: CoordinatorError.AlreadyExists }));
        Assert.Equal([username], await cluster.Tables.ColumnAsync<string>("SELECT username FROM users WHERE username = $1", username));
        var winningKey = keys[Array.IndexOf(outcomes, winner)];
        Assert.Equal(
            [winningKey],
            await cluster.Tables.ColumnAsync<byte[]>("SELECT k.public_key FROM public_keys k JOIN users u ON u.id = k.user_id WHERE u.username = $1", username));
        var account = await cluster.Client.GetGrain<IUserAccountGrain>(username).Find();
        Assert.Equal(winner.UserId, account?.UserId);
    }

    [Fact]
    public async Task Registering_writes_the_user_its_key_and_an_offline_presence_row()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var username = $"dora-{Guid.NewGuid():N}"[..20];

        var userId = await cluster.Client.GetGrain<IUserAccountGrain>(username).Register("argon2id-hash", key);

        Assert.Equal([username], await cluster.Tables.ColumnAsync<string>("SELECT username FROM users WHERE id = $1", userId));
        Assert.Equal(["argon2id-hash"], await cluster.Tables.ColumnAsync<string>("SELECT password_hash FROM users WHERE id = $1", userId));
        Assert.Equal([key], await cluster.Tables.ColumnAsync<byte[]>("SELECT public_key FROM public_keys WHERE user_id = $1 AND key_type = 'ed25519'", userId));
        Assert.False((await cluster.Tables.PresenceAsync(userId))!.IsOnline);
        var account = await cluster.Client.GetGrain<IUserAccountGrain>(username).Find();
        Assert.NotNull(account);
        Assert.Equal((userId, username, "argon2id-hash"), (account.UserId, account.Username, account.PasswordHash));
        Assert.Equal(key, account.IdentityKey);
    }

    [Fact]
    public async Task A_name_nobody_holds_finds_no_account()
    {
        Assert.Null(await cluster.Client.GetGrain<IUserAccountGrain>($"nobody-{Guid.NewGuid():N}"[..20]).Find());
    }

    [Fact]
    public async Task A_taken_name_is_refused_after_the_account_grain_is_reactivated_from_the_database()
    {
        var alice = await cluster.RegisterAsync("alice");
        var grain = cluster.Client.GetGrain<IUserAccountGrain>(alice.Username);
        await cluster.Cluster.DeactivateAsync(grain);

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => grain.Register("other-hash", RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(CoordinatorError.AlreadyExists, refusal.Error);
        Assert.Equal(alice.UserId, (await grain.Find())?.UserId);
        Assert.Equal(alice.IdentityKey, (await grain.Find())?.IdentityKey);
    }

    private static async Task<(Guid? UserId, CoordinatorException? Refusal)> Outcome(Task<Guid> attempt)
    {
        try
        {
            return (await attempt, null);
        }
        catch (CoordinatorException refusal)
        {
            return (null, refusal);
        }
    }
}
