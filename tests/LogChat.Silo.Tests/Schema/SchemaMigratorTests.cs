using LogChat.Silo.Schema;
using LogChat.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace LogChat.Silo.Tests.Schema;

[Trait("Category", "Postgres")]
public sealed class SchemaMigratorTests
{
    private static readonly string[] AllScriptNames = SchemaScripts.All.Select(script => script.Name).ToArray();

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_script_in_order_and_records_it()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();

        var applied = await MigrateAsync(database, SchemaScripts.All);

        Assert.Equal(AllScriptNames, applied);
        Assert.Equal(AllScriptNames, await RecordedScriptsAsync(database));
    }

    [Fact]
    public async Task A_second_migration_applies_nothing()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await MigrateAsync(database, SchemaScripts.All);

        var applied = await MigrateAsync(database, SchemaScripts.All);

        Assert.Empty(applied);
        Assert.Equal(AllScriptNames, await RecordedScriptsAsync(database));
    }

    [Fact]
    public async Task Migrators_started_together_apply_every_script_exactly_once()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => MigrateAsync(database, SchemaScripts.All)));

        Assert.Equal(AllScriptNames, runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        Assert.Equal(AllScriptNames, await RecordedScriptsAsync(database));
    }

    [Fact]
    public async Task A_new_script_is_applied_on_top_of_an_existing_schema()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await MigrateAsync(database, SchemaScripts.All);
        var next = new SchemaScript(SchemaScripts.All[^1].Version + 1, "9999_test_table", "CREATE TABLE test_table (id int);");

        var applied = await MigrateAsync(database, [.. SchemaScripts.All, next]);

        Assert.Equal([next.Name], applied);
    }

    [Fact]
    public async Task A_script_edited_after_it_was_applied_is_refused()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await MigrateAsync(database, SchemaScripts.All);
        var edited = SchemaScripts.All.Select((script, index) => index == 0 ? script with { Sql = script.Sql + "\n-- edited" } : script).ToArray();

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(database, edited));

        Assert.Contains(SchemaScripts.All[0].Name, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_script_leaves_nothing_of_itself_behind()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var good = new SchemaScript(1, "0001_good", "CREATE TABLE good (id int);");
        var broken = new SchemaScript(2, "0002_broken", "CREATE TABLE half_done (id int); SELECT no_such_column FROM half_done;");
        await MigrateAsync(database, [good]);

        await Assert.ThrowsAsync<PostgresException>(() => MigrateAsync(database, [good, broken]));

        await using var connection = await database.OpenConnectionAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('half_done') IS NOT NULL", connection);
        Assert.False((bool)(await exists.ExecuteScalarAsync())!);
        Assert.Equal([good.Name], await RecordedScriptsAsync(database));
    }

    private static async Task<IReadOnlyList<string>> MigrateAsync(TestDatabase database, IReadOnlyList<SchemaScript> scripts)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
        return await migrator.MigrateAsync(scripts, CancellationToken.None);
    }

    private static async Task<List<string>> RecordedScriptsAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand(
            "SELECT name FROM logchat_schema_version ORDER BY version", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
