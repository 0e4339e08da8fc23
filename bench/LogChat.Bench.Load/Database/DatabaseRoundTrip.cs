using System.Diagnostics;
using LogChat.Bench.Load.Reporting;
using Npgsql;

namespace LogChat.Bench.Load.Database;

/// <summary>
/// The machine's floor under every persisted step: one committed single-row INSERT (WAL flush included)
/// and one primary-key SELECT, sequential, on the same PostgreSQL the gateway uses, into a bench-only table.
/// </summary>
public static class DatabaseRoundTrip
{
    public static async Task<(LatencyHistogram Commit, LatencyHistogram Read)> MeasureAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand("INSERT INTO bench_commit_probe (at) VALUES (now()) RETURNING id", connection);
        await using var select = new NpgsqlCommand("SELECT at FROM bench_commit_probe WHERE id = @id", connection);
        var id = select.Parameters.AddWithValue("id", 0L);
        var commit = new LatencyHistogram();
        var read = new LatencyHistogram();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            id.Value = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            commit.RecordSince(start);
            start = Stopwatch.GetTimestamp();
            await select.ExecuteScalarAsync(cancellationToken);
            read.RecordSince(start);
        }

        return (commit, read);
    }
}
