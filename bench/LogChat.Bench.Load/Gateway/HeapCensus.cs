using System.Diagnostics;

namespace LogChat.Bench.Load.Gateway;

/// <summary>
/// Profile evidence for memory: dotnet-gcdump (when LOGCHAT_BENCH_GCDUMP names the tool) forces a full
/// GC in the gateway and reports the live heap by type; the report's biggest lines go into the results.
/// </summary>
public static class HeapCensus
{
    private const int TopLines = 25;

    /// <summary>The report's leading lines, or null when the tool is not available.</summary>
    public static async Task<IReadOnlyList<string>?> TakeAsync(int pid, string folder, CancellationToken cancellationToken)
    {
        var tool = Environment.GetEnvironmentVariable("LOGCHAT_BENCH_GCDUMP");
        if (string.IsNullOrEmpty(tool) || !File.Exists(tool))
        {
            return null;
        }

        var dump = Path.Combine(folder, $"gateway-{pid}.gcdump");
        await RunAsync(tool, ["collect", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", dump], cancellationToken);
        var report = await RunAsync(tool, ["report", dump], cancellationToken);
        File.Delete(dump);
        return report.Split('\n').Where(l => l.Trim().Length > 0).Take(TopLines).ToList();
    }

    private static async Task<string> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{tool} {arguments[0]} failed: {await errors}");
    }
}
