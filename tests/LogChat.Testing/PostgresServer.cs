using Npgsql;

namespace LogChat.Testing;

/// <summary>
/// The PostgreSQL server the tests run against: <c>./test.sh</c> starts a throwaway one and passes its admin
/// connection string in <c>LOGCHAT_TEST_POSTGRES</c>. Each fixture gets a database of its own from it.
/// </summary>
public static class PostgresServer
{
    /// <summary>The environment variable holding the admin connection string.</summary>
    public const string EnvironmentVariable = "LOGCHAT_TEST_POSTGRES";

    /// <summary>The admin connection string; throws with directions when the tests were not started by ./test.sh.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL, " +
                $"or set {EnvironmentVariable} to an admin connection string of a PostgreSQL 15+ server.");

    /// <summary>Creates an empty database with a unique name; dispose the result to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"logchat_test_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync(cancellationToken);

        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(name, connectionString);
    }

    internal static async Task DropDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        // FORCE ends the sessions a test left open (pooled connections, a silo still shutting down).
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
