using System.Diagnostics;
using HdrHistogram;

namespace LogChat.Bench.Load.Reporting;

/// <summary>Latencies in microseconds, 1 µs to 2 minutes at 3 significant digits; thread-safe.</summary>
public sealed class LatencyHistogram
{
    private readonly Lock _gate = new();
    private readonly LongHistogram _histogram = new(TimeSpan.FromMinutes(2).Ticks / 10, 3);

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _histogram.TotalCount;
            }
        }
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public TimeSpan RecordSince(long startTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        Record(elapsed);
        return elapsed;
    }

    public void Record(TimeSpan elapsed)
    {
        var micros = Math.Max(1, (long)elapsed.TotalMicroseconds);
        lock (_gate)
        {
            _histogram.RecordValue(Math.Min(micros, _histogram.HighestTrackableValue));
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0-100), in milliseconds.</summary>
    public double Milliseconds(double percentile)
    {
        lock (_gate)
        {
            return _histogram.TotalCount == 0 ? double.NaN : _histogram.GetValueAtPercentile(percentile) / 1000.0;
        }
    }
}
