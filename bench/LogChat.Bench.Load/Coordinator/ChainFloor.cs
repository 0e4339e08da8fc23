using Grpc.Net.Client;
using LogChat.Bench.Load.Database;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// The parts of the design's setup chain, sampled between the setups they are compared with (one round trip, one
/// commit and one read after each timed setup), so that both see the same machine: on a shared VM the parts' own
/// latency drifted between a measurement taken before the setups and the setups themselves.
/// </summary>
public sealed class ChainFloor : IAsyncDisposable
{
    private readonly UnaryRoundTrip _roundTrip;
    private readonly DatabaseRoundTrip _database;

    private ChainFloor(UnaryRoundTrip roundTrip, DatabaseRoundTrip database)
    {
        _roundTrip = roundTrip;
        _database = database;
    }

    public LatencyHistogram RoundTrip => _roundTrip.Latency;

    public LatencyHistogram Commit => _database.Commit;

    public LatencyHistogram Read => _database.Read;

    /// <summary>What one setup cannot go below as designed: 3 client RPCs, 3 committed session writes and 1 session read.</summary>
    public double Milliseconds(double percentile) =>
        (3 * RoundTrip.Milliseconds(percentile)) + (3 * Commit.Milliseconds(percentile)) + Read.Milliseconds(percentile);

    public static async Task<ChainFloor> OpenAsync(GrpcChannel channel, string databaseConnectionString, CancellationToken cancellationToken)
    {
        var roundTrip = new UnaryRoundTrip(channel);
        await roundTrip.WarmAsync(200, cancellationToken);
        return new ChainFloor(roundTrip, await DatabaseRoundTrip.OpenAsync(databaseConnectionString, cancellationToken));
    }

    /// <summary>One sample of each part, one after the other.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        await _roundTrip.MeasureOnceAsync(cancellationToken);
        await _database.MeasureOnceAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
