using System.Data;
using LogChat.Testing;
using Xunit;

namespace LogChat.Silo.Tests.Schema;

/// <summary>
/// The version checks the Orleans providers rely on: a writer holding a stale version changes nothing and is told so.
/// The silo tests cannot provoke these races, so the queries are run directly.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class OptimisticConcurrencyTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Grain_state_writes_succeed_only_from_the_version_last_read()
    {
        await using var queries = await OrleansQueryRunner.MigrateAsync(fixture.Database);
        var grain = Guid.NewGuid().ToString();

        Assert.Equal([1], await WriteAsync(queries, grain, version: null));
        Assert.Empty(await WriteAsync(queries, grain, version: null));
        Assert.Equal([2], await WriteAsync(queries, grain, version: 1));
        Assert.Empty(await WriteAsync(queries, grain, version: 1));
        Assert.Equal([3], await ClearAsync(queries, grain, "ClearStorageKey", version: 2));
        Assert.Empty(await ClearAsync(queries, grain, "ClearStorageKey", version: 2));
        Assert.Equal([4], await ClearAsync(queries, grain, "DeleteStorageKey", version: 3));
        Assert.Equal([1], await WriteAsync(queries, grain, version: null));
    }

    [Fact]
    public async Task Membership_writes_succeed_only_from_the_table_version_last_read()
    {
        await using var queries = await OrleansQueryRunner.MigrateAsync(fixture.Database);
        var cluster = $"test-{Guid.NewGuid():N}";
        var deployment = ("DeploymentId", (object?)cluster, DbType.String);

        Assert.Equal([true], await queries.RunAsync("InsertMembershipVersionKey", deployment));
        Assert.Equal([false], await queries.RunAsync("InsertMembershipVersionKey", deployment));
        Assert.Equal([true], await InsertSiloAsync(queries, cluster, generation: 1, tableVersion: 0));
        Assert.Equal([false], await InsertSiloAsync(queries, cluster, generation: 2, tableVersion: 0));
        Assert.Equal([false], await InsertSiloAsync(queries, cluster, generation: 1, tableVersion: 1));
        Assert.Equal([true], await InsertSiloAsync(queries, cluster, generation: 2, tableVersion: 1));
        Assert.Equal(2, (await queries.RunAsync("MembershipReadAllKey", deployment)).Count);
    }

    private static Task<List<object?>> WriteAsync(OrleansQueryRunner queries, string grain, int? version) =>
        queries.RunAsync("WriteToStorageKey", [.. GrainParameters(grain, version), ("PayloadBinary", new byte[] { 1, 2, 3 }, DbType.Binary)]);

    private static Task<List<object?>> ClearAsync(OrleansQueryRunner queries, string grain, string queryKey, int version) =>
        queries.RunAsync(queryKey, GrainParameters(grain, version));

    private static (string, object?, DbType)[] GrainParameters(string grain, int? version) =>
    [
        ("GrainIdHash", 17, DbType.Int32),
        ("GrainIdN0", 0L, DbType.Int64),
        ("GrainIdN1", 0L, DbType.Int64),
        ("GrainTypeHash", 42, DbType.Int32),
        ("GrainTypeString", "LogChat.Test.Grain", DbType.String),
        ("GrainIdExtensionString", grain, DbType.String),
        ("ServiceId", "logchat", DbType.String),
        ("GrainStateVersion", version, DbType.Int32),
    ];

    private static Task<List<object?>> InsertSiloAsync(OrleansQueryRunner queries, string cluster, int generation, int tableVersion)
    {
        var now = DateTime.UtcNow;
        return queries.RunAsync(
            "InsertMembershipKey",
            ("DeploymentId", cluster, DbType.String),
            ("Address", "127.0.0.1", DbType.AnsiString),
            ("Port", 11111, DbType.Int32),
            ("Generation", generation, DbType.Int32),
            ("SiloName", "silo", DbType.String),
            ("HostName", "host", DbType.String),
            ("Status", 3, DbType.Int32),
            ("ProxyPort", 30000, DbType.Int32),
            ("StartTime", now, DbType.DateTime),
            ("IAmAliveTime", now, DbType.DateTime),
            ("Version", tableVersion, DbType.Int32));
    }
}
