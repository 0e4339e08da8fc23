using System.Diagnostics;

namespace LogChat.Bench.Load.Peer;

/// <summary>
/// One timed run of a stream: its message rate, and the CPU time the whole process (sender and receiver) spent per
/// message, which moves far less than the rate with what else the machine is doing.
/// </summary>
public readonly record struct StreamRun(double Rate, double CpuMicrosecondsPerMessage)
{
    /// <summary>Times <paramref name="run"/>, which returns how many messages it delivered and in how long.</summary>
    public static async Task<StreamRun> MeasureAsync(Func<Task<(long Messages, TimeSpan Elapsed)>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var (messages, elapsed) = await run();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new StreamRun(messages / elapsed.TotalSeconds, cpu.TotalMicroseconds / Math.Max(1, messages));
    }
}
