using System.Diagnostics;
using System.Globalization;

namespace LogChat.Testing;

/// <summary>
/// A PostgreSQL server of a test's own, made with the repo's <c>scripts/postgres.sh</c> (as <c>./test.sh</c> makes the
/// shared one), for a test that stops and starts its database under running processes without disturbing the others.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan ScriptPatience = TimeSpan.FromMinutes(2);
    private readonly string _instance;

    private ThrowawayPostgres(string instance, int port, string connectionString)
    {
        _instance = instance;
        Port = port;
        ConnectionString = connectionString;
    }

    public int Port { get; }

    /// <summary>An admin connection string for the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates and starts an instance on a free loopback port.</summary>
    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var instance = Path.Combine(Path.GetTempPath(), "logchat-pg-" + Guid.NewGuid().ToString("N"));
        var port = LoopbackPorts.GetFree();
        var connectionString = await RunAsync(
            $"pg_ensure_binaries && pg_init '{instance}' && pg_start '{instance}' {port} && pg_connection_string '{instance}' {port} postgres");
        return new ThrowawayPostgres(instance, port, connectionString.Trim());
    }

    /// <summary>Stops the server (fast shutdown: open sessions end at once).</summary>
    public Task StopAsync() => RunAsync($"pg_find_binaries && pg_stop '{_instance}'");

    /// <summary>Starts the stopped server again on the same port, with its data.</summary>
    public Task StartAgainAsync() => RunAsync($"pg_find_binaries && pg_start '{_instance}' {Port}");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_instance, recursive: true);
    }

    private static async Task<string> RunAsync(string commands)
    {
        var script = Path.Combine(RepoRoot(), "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash", ["-c", $"set -euo pipefail; source '{script}'; {commands}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(ScriptPatience);
        await process.WaitForExitAsync(patience.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/postgres.sh failed ({process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {await errors}");
        }

        return await output;
    }

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "postgres.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No scripts/postgres.sh above {AppContext.BaseDirectory}.");
    }
}
