using Npgsql;

namespace LogChat.Silo.Database;

/// <summary>
/// The one <see cref="NpgsqlDataSource"/> of a silo. Every statement of the grains is one of a few fixed texts run
/// thousands of times, so the data source prepares them on their own connections (automatic preparation) instead of
/// having PostgreSQL parse and plan each again; a connection string that sets <c>Max Auto Prepare</c> itself keeps
/// its own value.
/// </summary>
public static class LogChatDataSource
{
    /// <summary>How many statements each connection keeps prepared: more than the grains and the Orleans providers run.</summary>
    public const int PreparedStatementsPerConnection = 64;

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = PreparedStatementsPerConnection;
        }

        return builder.Build();
    }
}
