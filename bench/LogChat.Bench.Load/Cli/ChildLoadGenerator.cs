using System.Diagnostics;
using System.Reflection;

namespace LogChat.Bench.Load.Cli;

/// <summary>
/// The load generator started again as a child process for one job of its own (a baseline server, an idle crowd),
/// talking over its stdin and stdout; it stops when its stdin closes.
/// </summary>
public static class ChildLoadGenerator
{
    /// <summary>Starts <c>LogChat.Bench.Load.dll</c> with <paramref name="arguments"/> and, on top of ours, <paramref name="environment"/>.</summary>
    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"the load generator's '{arguments.FirstOrDefault()}' process did not start");
    }

    /// <summary>Closes the child's stdin, waits up to <paramref name="limit"/> for it to exit, else kills it.</summary>
    public static async Task StopAsync(Process process, TimeSpan limit)
    {
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        process.Dispose();
    }
}
