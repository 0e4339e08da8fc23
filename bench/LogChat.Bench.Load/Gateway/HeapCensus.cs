using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Gateway;

/// <summary>
/// Profile evidence for memory: dotnet-gcdump (when LOGCHAT_BENCH_GCDUMP names the tool) forces a full
/// GC in the gateway and reports the live heap by type; the types holding the most bytes go into the results.
/// </summary>
public static partial class HeapCensus
{
    private const int TopTypes = 30;

    /// <summary>The types holding the most live bytes (bytes, objects, type), or null when the tool is not available or listed nothing.</summary>
    public static async Task<IReadOnlyList<(long Bytes, long Objects, string Type)>?> TakeAsync(int pid, string folder, CancellationToken cancellationToken)
    {
        var tool = Environment.GetEnvironmentVariable("LOGCHAT_BENCH_GCDUMP");
        if (string.IsNullOrEmpty(tool) || !File.Exists(tool))
        {
            return null;
        }

        var dump = Path.Combine(folder, $"gateway-{pid}.gcdump");
        // gcdump gives up on a heap it cannot walk in 30 s by default and still exits 0: a 20,000-client gateway needs more.
        await RunAsync(tool, ["collect", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", dump, "--timeout", "150"], cancellationToken);
        var report = await RunAsync(tool, ["report", dump], cancellationToken);
        File.Delete(dump);
        // The report lists large objects by size bucket ("(Bytes > 1M)") before the rest: add the buckets up per type.
        return report.Split('\n')
            .Select(line => ReportLine().Match(line))
            .Where(m => m.Success)
            .GroupBy(m => SizeBucket().Replace(m.Groups["type"].Value, string.Empty).Trim())
            .Select(g => (g.Sum(m => long.Parse(m.Groups["bytes"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)),
                g.Sum(m => long.Parse(m.Groups["count"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)), g.Key))
            .OrderByDescending(t => t.Item1)
            .Take(TopTypes)
            .ToList() is { Count: > 0 } types ? types : null;
    }

    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+(?<count>[\d,]+)\s+(?<type>\S.*)$")]
    private static partial Regex ReportLine();

    [GeneratedRegex(@"\(Bytes > [^)]*\)|\s+\[[^\]]*\]\s*$")]
    private static partial Regex SizeBucket();

    /// <summary>Adds the census to a report as a table, with each type's bytes divided by <paramref name="clients"/>.</summary>
    public static void Describe(ResultReport report, IReadOnlyList<(long Bytes, long Objects, string Type)> census, int clients, string heading)
    {
        report.Note("");
        report.Note($"{heading} (`dotnet-gcdump report` after the full GC it forces; size buckets added up; biggest first):");
        report.Note("");
        report.Note("| bytes | per client | objects | type |");
        report.Note("|---:|---:|---:|---|");
        foreach (var (bytes, objects, type) in census)
        {
            report.Note($"| {Figures.Count(bytes)} | {Figures.Number((double)bytes / Math.Max(1, clients), "0")} B | {Figures.Count(objects)} | `{type.Replace('|', '/')}` |");
        }
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
