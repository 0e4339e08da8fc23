using System.Data;
using LogChat.Silo.Schema;
using LogChat.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LogChat.Silo.Tests.Schema;

/// <summary>Runs a query from OrleansQuery the way the Orleans ADO.NET providers do: named parameters with their DbTypes.</summary>
internal sealed class OrleansQueryRunner(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static async Task<OrleansQueryRunner> MigrateAsync(TestDatabase database)
    {
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return new OrleansQueryRunner(dataSource);
    }

    /// <summary>The first column of every row the query returns.</summary>
    public async Task<List<object?>> RunAsync(string queryKey, params (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var command = dataSource.CreateCommand(await QueryTextAsync(queryKey));
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value) { DbType = type });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        }

        return values;
    }

    private async Task<string> QueryTextAsync(string queryKey)
    {
        await using var command = dataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = queryKey });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
