using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// The baseline of the setup scenarios: one sequential unary gRPC round trip to the same gateway, over the
/// same channel (gRPC health Check on the API port: Kestrel, gRPC and the gateway's health service, no grain).
/// </summary>
public static class UnaryRoundTrip
{
    public static async Task<LatencyHistogram> MeasureAsync(GrpcChannel channel, int calls, CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(channel);
        var request = new HealthCheckRequest();
        for (var i = 0; i < Math.Min(200, calls); i++)
        {
            await health.CheckAsync(request, cancellationToken: cancellationToken);
        }

        var histogram = new LatencyHistogram();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await health.CheckAsync(request, cancellationToken: cancellationToken);
            histogram.RecordSince(start);
        }

        return histogram;
    }
}
