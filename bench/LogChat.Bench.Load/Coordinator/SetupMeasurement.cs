using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>Sequential chat setups by one scripted pair, recorded in a histogram.</summary>
public static class SetupMeasurement
{
    /// <summary>
    /// Runs <paramref name="warmup"/> untimed setups, then up to <paramref name="count"/> timed ones within
    /// <paramref name="limit"/>; the timed ones' phases go into <paramref name="phases"/> when given, and
    /// <paramref name="afterEachTimed"/> runs after each timed one (outside its time).
    /// </summary>
    public static async Task<(LatencyHistogram Latency, int Errors)> RunAsync(
        ChatSetupPair pair, int warmup, int count, TimeSpan limit, ProgressLine progress, CancellationToken cancellationToken,
        SetupPhases? phases = null, Func<CancellationToken, Task>? afterEachTimed = null)
    {
        var histogram = new LatencyHistogram();
        var errors = 0;
        string? firstError = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        for (var i = 0; i < warmup + count && !deadline.IsCancellationRequested; i++)
        {
            try
            {
                var elapsed = await pair.SetUpOnceAsync(deadline.Token, i >= warmup ? phases : null);
                if (i >= warmup)
                {
                    histogram.Record(elapsed);
                    if (afterEachTimed is not null)
                    {
                        await afterEachTimed(deadline.Token);
                    }
                }
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or TimeoutException)
            {
                errors++;
                firstError ??= e.Message;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break;
            }

            progress.Report($"chat setups: {i + 1:#,0}/{warmup + count:#,0}, p50 {Figures.Ms(histogram.Milliseconds(50))}, {errors} errors");
        }

        progress.Done($"chat setups: {histogram.Count:#,0} timed, p50 {Figures.Ms(histogram.Milliseconds(50))}, p99 {Figures.Ms(histogram.Milliseconds(99))}, {errors} errors" +
            (firstError is null ? string.Empty : $" (the first: {firstError})"));
        return (histogram, errors);
    }
}
