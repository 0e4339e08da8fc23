using System.Security.Cryptography;
using LogChat.Grains.Auth;
using LogChat.Grains.Retention;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Npgsql;
using Xunit;

namespace LogChat.Grains.Tests.Retention;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class RetentionStoreTests(GrainClusterFixture cluster) : IAsyncLifetime
{
    private NpgsqlDataSource _database = null!;

    public Task InitializeAsync()
    {
        _database = NpgsqlDataSource.Create(cluster.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Sessions_that_ended_before_the_retention_are_deleted_and_newer_or_open_ones_kept()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var old = await EndedSessionAsync(alice, bob);
        var recent = await EndedSessionAsync(alice, bob);
        var open = await cluster.RequestAsync(alice, bob);
        await ExecuteAsync("UPDATE sessions SET started_at = started_at - interval '31 days', ended_at = ended_at - interval '31 days' WHERE id = $1", old);
        await ExecuteAsync("UPDATE sessions SET started_at = started_at - interval '31 days' WHERE id = $1", open);

        var deleted = await new RetentionStore(_database).DeleteSessionsEndedBeforeAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(30));

        Assert.True(deleted >= 1, $"{deleted} deleted");
        Assert.Null(await cluster.Tables.SessionAsync(old));
        Assert.Equal("ended", (await cluster.Tables.SessionAsync(recent))!.State);
        Assert.Equal("requested", (await cluster.Tables.SessionAsync(open))!.State);
    }

    [Fact]
    public async Task Token_rows_written_before_the_retention_are_deleted_and_newer_ones_still_authenticate()
    {
        var userId = Guid.NewGuid();
        var expired = Token();
        await expired.Issue(userId, "alice", DateTimeOffset.UtcNow.AddHours(12));
        await ExecuteAsync("UPDATE orleans_grain_state SET modified_at = modified_at - interval '14 hours' WHERE grain_type = $1", TokenGrain.StateName);
        var fresh = Token();
        await fresh.Issue(userId, "alice", DateTimeOffset.UtcNow.AddHours(12));

        var deleted = await new RetentionStore(_database).DeleteTokensWrittenBeforeAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(13));

        Assert.True(deleted >= 1, $"{deleted} deleted");
        await cluster.Cluster.DeactivateAsync(expired);
        await cluster.Cluster.DeactivateAsync(fresh);
        Assert.Null(await expired.Validate());
        Assert.Equal(userId, (await fresh.Validate())!.UserId);
    }

    private ITokenGrain Token() => cluster.Client.GetGrain<ITokenGrain>(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    private async Task<Guid> EndedSessionAsync(ConnectedUser initiator, ConnectedUser responder)
    {
        var sessionId = await cluster.RequestAsync(initiator, responder);
        await cluster.Session(sessionId).Decline(responder.UserId);
        return sessionId;
    }

    private async Task ExecuteAsync(string sql, object parameter)
    {
        await using var command = _database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = parameter });
        Assert.True(await command.ExecuteNonQueryAsync() > 0, $"nothing to backdate: {sql}");
    }
}
