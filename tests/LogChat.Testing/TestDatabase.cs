using Npgsql;

namespace LogChat.Testing;

/// <summary>A database created for one fixture by <see cref="PostgresServer.CreateDatabaseAsync"/>; dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    internal TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database's unique name.</summary>
    public string Name { get; }

    /// <summary>A connection string for this database, with the admin's credentials.</summary>
    public string ConnectionString { get; }

    /// <summary>Opens a connection to this database (not pooled with anything a silo uses).</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync() => await PostgresServer.DropDatabaseAsync(Name);
}
