using System.Reflection;
using System.Text.RegularExpressions;
using LogChat.Silo.Schema;
using LogChat.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;
using Xunit;

namespace LogChat.Silo.Tests.Schema;

/// <summary>The OrleansQuery table holds every query the Orleans 10.4.2 ADO.NET providers read at start-up.</summary>
[Trait("Category", "Postgres")]
public sealed partial class OrleansQueryTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Every_query_the_clustering_provider_asks_for_exists()
    {
        // The provider's own list: the properties of its internal DbStoredQueries, which it checks at start-up.
        var storedQueries = typeof(AdoNetClusteringTable).Assembly.GetType("Orleans.Clustering.AdoNet.Storage.DbStoredQueries", throwOnError: true)!;
        var required = storedQueries.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name).ToArray();

        Assert.Contains("CleanupDefunctSiloEntriesKey", required);
        Assert.Contains("GatewaysQueryKey", required);
        Assert.Empty(required.Except(await QueryKeysAsync()));
    }

    [Fact]
    public async Task Every_query_the_grain_storage_provider_asks_for_exists()
    {
        var required = QueryKeyLiteral().Matches(AdoNetGrainStorage.DefaultInitializationQuery).Select(m => m.Groups[1].Value).ToArray();

        Assert.Equal(["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"], required);
        Assert.Empty(required.Except(await QueryKeysAsync()));
    }

    [Fact]
    public async Task No_reminder_queries_are_defined()
    {
        Assert.DoesNotContain(await QueryKeysAsync(), key => key.Contains("Reminder", StringComparison.Ordinal));
    }

    private async Task<string[]> QueryKeysAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var query = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery");
        await using var reader = await query.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return [.. keys];
    }

    [GeneratedRegex("QueryKey = '(\\w+)'")]
    private static partial Regex QueryKeyLiteral();
}
