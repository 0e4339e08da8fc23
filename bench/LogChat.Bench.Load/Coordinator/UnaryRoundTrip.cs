using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// The baseline of the setup scenario: one unary gRPC round trip to the same gateway, over the same channel (gRPC
/// health Check on the API port: Kestrel, gRPC and the gateway's health service, no grain).
/// </summary>
public sealed class UnaryRoundTrip(GrpcChannel channel)
{
    private static readonly HealthCheckRequest Request = new();
    private readonly Health.HealthClient _health = new(channel);

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Untimed calls, so that the timed ones do not pay for the first connection and JIT.</summary>
    public async Task WarmAsync(int calls, CancellationToken cancellationToken)
    {
        for (var i = 0; i < calls; i++)
        {
            await _health.CheckAsync(Request, cancellationToken: cancellationToken);
        }
    }

    /// <summary>One timed round trip, into <see cref="Latency"/>.</summary>
    public async Task MeasureOnceAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await _health.CheckAsync(Request, cancellationToken: cancellationToken);
        Latency.RecordSince(start);
    }
}
