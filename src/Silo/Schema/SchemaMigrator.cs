using Microsoft.Extensions.Logging;
using Npgsql;

namespace LogChat.Silo.Schema;

/// <summary>
/// Brings a database up to the newest LogChat schema: applies each pending script in its own transaction and
/// records it in <c>logchat_schema_version</c>. Safe to run again (nothing is pending) and from several silos at
/// once (a PostgreSQL advisory lock lets one apply a script while the others wait and then skip it).
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    /// <summary>The advisory lock key every LogChat migrator takes (an arbitrary constant: "LogChat" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4C6F6743686174;

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS logchat_schema_version (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies every script of <paramref name="scripts"/> that the database has not seen.</summary>
    /// <returns>The names of the scripts this call applied, in order; empty when the schema was current.</returns>
    /// <exception cref="InvalidOperationException">An applied script's text has changed since it was applied.</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(IReadOnlyList<SchemaScript> scripts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var applied = new List<string>();
        foreach (var script in scripts)
        {
            if (await ApplyAsync(connection, script, cancellationToken))
            {
                LogApplied(script.Name);
                applied.Add(script.Name);
            }
        }

        LogCurrent(scripts.Count == 0 ? 0 : scripts[^1].Version, applied.Count);
        return applied;
    }

    /// <summary>Applies every embedded script the database has not seen.</summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) =>
        MigrateAsync(SchemaScripts.All, cancellationToken);

    private static async Task<bool> ApplyAsync(NpgsqlConnection connection, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await ExecuteAsync(connection, CreateVersionTable, cancellationToken);

        var recordedChecksum = await RecordedChecksumAsync(connection, script.Version, cancellationToken);
        if (recordedChecksum is not null)
        {
            if (recordedChecksum != script.Checksum)
            {
                throw new InvalidOperationException(
                    $"Schema script {script.Name} was changed after it was applied to this database. " +
                    "Applied scripts are immutable: restore it and put the change in a new script.");
            }

            return false;
        }

        await ExecuteAsync(connection, script.Sql, cancellationToken);
        await using (var record = new NpgsqlCommand(
            "INSERT INTO logchat_schema_version (version, name, checksum) VALUES ($1, $2, $3)", connection))
        {
            record.Parameters.Add(new() { Value = script.Version });
            record.Parameters.Add(new() { Value = script.Name });
            record.Parameters.Add(new() { Value = script.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<string?> RecordedChecksumAsync(NpgsqlConnection connection, int version, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand("SELECT checksum FROM logchat_schema_version WHERE version = $1", connection);
        query.Parameters.Add(new() { Value = version });
        return (string?)await query.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Script}")]
    private partial void LogApplied(string script);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is at version {Version} ({Count} scripts applied now)")]
    private partial void LogCurrent(int version, int count);
}
