using LogChat.Testing;
using Npgsql;

namespace LogChat.Lab.Tests;

/// <summary>How the gateway in the lab's server namespace reaches the test PostgreSQL, which listens on this machine's loopback.</summary>
internal static class LabDatabase
{
    /// <summary>
    /// A connection string for <paramref name="database"/> through the server's Unix socket: a socket is a file, so it
    /// reaches across network namespaces without connecting the lab to this machine's network.
    /// </summary>
    public static async Task<string> ConnectionStringOverUnixSocketAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var show = new NpgsqlCommand("SHOW unix_socket_directories", connection);
        var folders = await show.ExecuteScalarAsync() as string ?? string.Empty;
        var folder = folders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(Directory.Exists)
            ?? throw new InvalidOperationException(
                $"The lab's gateway reaches PostgreSQL through its Unix socket, but the server of {PostgresServer.EnvironmentVariable} "
                + $"has no socket folder on this machine (it reports '{folders}'). Run the tests with ./test.sh, which starts one that has.");
        return new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = folder }.ConnectionString;
    }
}
