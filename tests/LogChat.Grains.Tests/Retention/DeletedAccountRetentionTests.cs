using System.Security.Cryptography;
using LogChat.Grains.Accounts;
using LogChat.Grains.Auth;
using LogChat.Grains.Retention;
using LogChat.Grains.Tests.Support;
using Npgsql;
using Xunit;

namespace LogChat.Grains.Tests.Retention;

/// <summary>What a deleted account leaves behind for a while, and the retention sweep that removes it.</summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class DeletedAccountRetentionTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task Name_holds_that_ended_are_deleted_and_running_ones_kept()
    {
        var ended = await DeletedAsync("ended");
        var running = await DeletedAsync("running");
        await cluster.Tables.ColumnAsync<int>("UPDATE deleted_usernames SET held_until = now() - interval '1 minute' WHERE username = $1 RETURNING 1", ended);

        var deleted = await SweepAsync(store => store.DeleteNameHoldsEndedBeforeAsync(DateTimeOffset.UtcNow));

        Assert.True(deleted >= 1, $"{deleted} deleted");
        Assert.Empty(await cluster.Tables.ColumnAsync<string>("SELECT username FROM deleted_usernames WHERE username = $1", ended));
        Assert.Equal([running], await cluster.Tables.ColumnAsync<string>("SELECT username FROM deleted_usernames WHERE username = $1", running));
    }

    [Fact]
    public async Task A_deleted_accounts_cleared_token_list_goes_with_the_token_retention_and_live_lists_stay()
    {
        var live = await cluster.RegisterAsync("live");
        await IssueTokenAsync(live.UserId, live.Username);
        await DeletedAsync("gone", withToken: true);
        Assert.NotEmpty(await TokenListRowsAsync("payload IS NULL"));
        await cluster.Tables.ColumnAsync<int>(
            "UPDATE orleans_grain_state SET modified_at = now() - interval '14 hours' WHERE grain_type = $1 RETURNING 1", UserTokensGrain.StateName);

        await SweepAsync(store => store.DeleteClearedTokenListsWrittenBeforeAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(13)));

        Assert.Empty(await TokenListRowsAsync("payload IS NULL"));
        Assert.NotEmpty(await TokenListRowsAsync("payload IS NOT NULL"));
    }

    // Registers a user (with a login token when asked), deletes the account and returns its name.
    private async Task<string> DeletedAsync(string prefix, bool withToken = false)
    {
        var user = await cluster.RegisterAsync(prefix);
        if (withToken)
        {
            await IssueTokenAsync(user.UserId, user.Username);
        }

        await cluster.Client.GetGrain<IUserAccountGrain>(user.Username).Delete(user.UserId);
        return user.Username;
    }

    private async Task<int> SweepAsync(Func<RetentionStore, Task<int>> sweep)
    {
        await using var database = NpgsqlDataSource.Create(cluster.ConnectionString);
        return await sweep(new RetentionStore(database));
    }

    private Task IssueTokenAsync(Guid userId, string username) =>
        cluster.Client.GetGrain<ITokenGrain>(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).Issue(userId, username, DateTimeOffset.UtcNow.AddHours(1));

    private Task<IReadOnlyList<int>> TokenListRowsAsync(string condition) =>
        cluster.Tables.ColumnAsync<int>($"SELECT 1 FROM orleans_grain_state WHERE grain_type = $1 AND {condition}", UserTokensGrain.StateName);
}
