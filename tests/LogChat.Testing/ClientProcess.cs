using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace LogChat.Testing;

/// <summary>A real <c>logchat</c> process with piped stdin/stdout (so it runs in its line-per-message mode).</summary>
public sealed class ClientProcess : IDisposable
{
    public const string Password = "system-test-password";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly StringWriterLog _stderr = new();
    private int _disposed;

    private ClientProcess(Process process) => _process = process;

    public IReadOnlyCollection<string> Lines => _stdout.ToArray();

    public string Status => _stderr.ToString();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ClientProcess Start(string server, string home, params string[] arguments) =>
        Start(ProcessLauncher.Local, server, home, arguments);

    /// <summary>Starts <c>logchat --server SERVER --home HOME ARGUMENTS</c> through <paramref name="launcher"/>.</summary>
    public static ClientProcess Start(ProcessLauncher launcher, string server, string home, params string[] arguments) =>
        StartProgram(ProcessPaths.Client, launcher, server, home, arguments);

    /// <summary>As <see cref="Start(ProcessLauncher, string, string, string[])"/>, with the <c>logchat</c> at <paramref name="program"/> (e.g. an installed one).</summary>
    public static ClientProcess StartProgram(string program, ProcessLauncher launcher, string server, string home, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        var start = launcher.StartInfo(program, ["--server", server, "--home", home, .. arguments]);
        start.RedirectStandardInput = true;
        start.Environment["LOGCHAT_PASSWORD"] = Password;
        var process = Process.Start(start) ?? throw new InvalidOperationException("logchat did not start.");
        var client = new ClientProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                client._stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => client._stderr.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Runs a command to its end and returns its exit code.</summary>
    public static Task<int> RunAsync(string server, string home, params string[] arguments) =>
        RunAsync(ProcessLauncher.Local, server, home, arguments);

    /// <summary>Runs a command through <paramref name="launcher"/> to its end and returns its exit code.</summary>
    public static async Task<int> RunAsync(ProcessLauncher launcher, string server, string home, params string[] arguments)
    {
        using var client = Start(launcher, server, home, arguments);
        client.CloseInput();
        return await client.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    public async Task WaitForStatusAsync(string text)
    {
        try
        {
            await Eventually.TrueAsync(() => Status.Contains(text, StringComparison.Ordinal) || HasExited, $"status '{text}'");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Status so far:\n{Status}", ex);
        }

        Assert.True(Status.Contains(text, StringComparison.Ordinal), $"Expected status '{text}', got:\n{Status}");
    }

    public Task WaitForLineAsync(string line) =>
        Eventually.TrueAsync(() => _stdout.Contains(line), $"the line '{line}' (status so far:\n{Status})");

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public void Kill() => ProcessEnding.Kill(_process);

    /// <summary>Ends the process if it still runs; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ProcessEnding.KillAndDispose(_process);
        }
    }
}
