using LogChat.Silo.Tests.Grains;
using LogChat.Testing;
using Npgsql;
using Xunit;

namespace LogChat.Silo.Tests.Hosting;

[Trait("Category", "Postgres")]
public sealed class SiloHostingTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private const int ActiveStatus = 3;

    [Fact]
    public async Task A_silo_migrates_the_database_and_joins_the_cluster_through_the_membership_table()
    {
        var clusterId = NewClusterId();
        await using var silo = await TestSilo.StartAsync(fixture.Database, clusterId);

        await Eventually.TrueAsync(
            async () => await CountAsync(
                "SELECT count(*) FROM orleans_membership WHERE deployment_id = $1 AND port = $2 AND status = $3",
                clusterId, silo.SiloPort, ActiveStatus) == 1,
            "the silo's Active row in the membership table");
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart()
    {
        var clusterId = NewClusterId();
        var key = Guid.NewGuid().ToString();
        await using (var first = await TestSilo.StartAsync(fixture.Database, clusterId))
        {
            var counter = first.Grains.GetGrain<ICounterGrain>(key);
            await counter.Increment();
            Assert.Equal(2, await counter.Increment());
        }

        await using var second = await TestSilo.StartAsync(fixture.Database, clusterId);

        Assert.Equal(2, await second.Grains.GetGrain<ICounterGrain>(key).Count());
    }

    [Fact]
    public async Task Cleared_grain_state_stays_cleared_after_a_silo_restart()
    {
        var clusterId = NewClusterId();
        var key = Guid.NewGuid().ToString();
        await using (var first = await TestSilo.StartAsync(fixture.Database, clusterId))
        {
            var counter = first.Grains.GetGrain<ICounterGrain>(key);
            await counter.Increment();
            await counter.Clear();
            Assert.Equal(1, await counter.Increment());
            await counter.Clear();
        }

        await using var second = await TestSilo.StartAsync(fixture.Database, clusterId);

        Assert.Equal(0, await second.Grains.GetGrain<ICounterGrain>(key).Count());
    }

    [Fact]
    public async Task Grains_with_different_keys_keep_separate_state()
    {
        await using var silo = await TestSilo.StartAsync(fixture.Database, NewClusterId());
        var alice = silo.Grains.GetGrain<ICounterGrain>($"alice-{Guid.NewGuid()}");
        var bob = silo.Grains.GetGrain<ICounterGrain>($"bob-{Guid.NewGuid()}");

        await alice.Increment();
        await alice.Increment();
        await bob.Increment();

        Assert.Equal(2, await alice.Count());
        Assert.Equal(1, await bob.Count());
    }

    private static string NewClusterId() => $"test-{Guid.NewGuid():N}";

    private async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
