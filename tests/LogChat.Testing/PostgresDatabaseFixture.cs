using Xunit;

namespace LogChat.Testing;

/// <summary>An xunit fixture (class or collection) that owns one fresh database for its tests.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private TestDatabase? database;

    /// <summary>The fixture's database; available once xunit has initialized the fixture.</summary>
    public TestDatabase Database => database ?? throw new InvalidOperationException("The fixture is not initialized yet.");

    /// <summary>The connection string of <see cref="Database"/>.</summary>
    public string ConnectionString => Database.ConnectionString;

    public async Task InitializeAsync() => database = await PostgresServer.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
