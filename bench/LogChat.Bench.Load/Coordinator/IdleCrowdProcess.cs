using System.Diagnostics;
using System.Globalization;
using LogChat.Bench.Load.Cli;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// Runs <see cref="IdleCrowdServer"/> as its own process, so that the idle clients' streams are not in the heap of
/// the clients being measured: with thousands of them in the same process, its own collections delayed the scripted
/// pair as much as anything the gateway did (docs/benchmarks.md, setup). Disposing closes its stdin, which stops it.
/// </summary>
public sealed class IdleCrowdProcess : IAsyncDisposable
{
    private readonly Process _process;

    private IdleCrowdProcess(Process process) => _process = process;

    /// <summary>Streams held open after the last <see cref="GrowToAsync"/>.</summary>
    public int Alive { get; private set; }

    /// <summary>Starts the process for the roster's users after the first <paramref name="skip"/> (the scripted ones).</summary>
    public static IdleCrowdProcess Start(BenchEnvironment env, int skip, string scenario) =>
        new(ChildLoadGenerator.Start(
        [
            IdleCrowdServer.Command, "--gateway", env.Gateway.ToString(), "--users-file", env.UsersFile,
            "--skip", skip.ToString(CultureInfo.InvariantCulture), "--scenario", scenario,
        ]));

    /// <summary>Grows the crowd to <paramref name="target"/> streams; returns the opens that failed.</summary>
    public async Task<int> GrowToAsync(int target, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(target.ToString(CultureInfo.InvariantCulture).AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        var line = await _process.StandardOutput.ReadLineAsync(cancellationToken)
            ?? throw new InvalidOperationException($"the idle-crowd process exited (code {ExitCode()})");
        var parts = line.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Alive = parts[0];
        return parts[1];
    }

    public ValueTask DisposeAsync() => new(ChildLoadGenerator.StopAsync(_process, TimeSpan.FromSeconds(60)));

    private string ExitCode() => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none yet";
}
