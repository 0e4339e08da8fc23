using System.Diagnostics;
using LogChat.Bench.Load.Reporting;
using Npgsql;

namespace LogChat.Bench.Load.Database;

/// <summary>
/// The machine's floor under every persisted step: one committed single-row INSERT (WAL flush included)
/// and one primary-key SELECT, sequential, on the same PostgreSQL the gateway uses, into a bench-only table.
/// </summary>
public sealed class DatabaseRoundTrip : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlCommand _select;
    private readonly NpgsqlParameter _id;

    private DatabaseRoundTrip(NpgsqlConnection connection)
    {
        _connection = connection;
        _insert = new NpgsqlCommand("INSERT INTO bench_commit_probe (at) VALUES (now()) RETURNING id", connection);
        _select = new NpgsqlCommand("SELECT at FROM bench_commit_probe WHERE id = @id", connection);
        _id = _select.Parameters.AddWithValue("id", 0L);
    }

    public LatencyHistogram Commit { get; } = new();

    public LatencyHistogram Read { get; } = new();

    public static async Task<DatabaseRoundTrip> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL)", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            return new DatabaseRoundTrip(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>One timed commit, then one timed read of the row it wrote.</summary>
    public async Task MeasureOnceAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        _id.Value = (long)(await _insert.ExecuteScalarAsync(cancellationToken))!;
        Commit.RecordSince(start);
        start = Stopwatch.GetTimestamp();
        await _select.ExecuteScalarAsync(cancellationToken);
        Read.RecordSince(start);
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _select.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
