using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogChat.Testing;

/// <summary>A real coordinator (gateway silo) process on its own database, ports and cluster id.</summary>
public sealed class GatewayProcess : IDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringWriterLog _log = new();

    private GatewayProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The URL clients connect to.</summary>
    public Uri Url { get; }

    public int Port => Url.Port;

    /// <summary>Everything the gateway wrote to its console so far (JSON lines).</summary>
    public string Log => _log.ToString();

    /// <summary>
    /// A plaintext gateway on a free loopback port of this machine, with further <paramref name="extraSettings"/> (keys
    /// below <c>LogChat</c>, with <c>__</c> for <c>:</c>).
    /// </summary>
    public static Task<GatewayProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var port = LoopbackPorts.GetFree();
        var settings = new Dictionary<string, string>(extraSettings ?? new Dictionary<string, string>())
        {
            ["Cluster__SiloPort"] = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture),
        };
        return StartAsync(
            ProcessLauncher.Local,
            connectionString,
            new Uri($"http://127.0.0.1:{port}"),
            settings,
            () => Task.FromResult(IsListeningOnLoopback(port)));
    }

    /// <summary>
    /// Starts a gateway through <paramref name="launcher"/> serving <paramref name="url"/>, with further
    /// <paramref name="settings"/> (keys below <c>LogChat</c>, with <c>__</c> for <c>:</c>), and waits until
    /// <paramref name="isListening"/> holds.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(
        ProcessLauncher launcher,
        string connectionString,
        Uri url,
        IReadOnlyDictionary<string, string> settings,
        Func<Task<bool>> isListening)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(isListening);
        var start = launcher.StartInfo(ProcessPaths.Gateway, []);
        start.WorkingDirectory = Path.GetDirectoryName(ProcessPaths.Gateway)!;
        start.Environment["LOGCHAT_LogChat__Database__ConnectionString"] = connectionString;
        start.Environment["LOGCHAT_LogChat__Gateway__ListenUrl"] = url.ToString().TrimEnd('/');
        start.Environment["LOGCHAT_LogChat__Cluster__ClusterId"] = "system-test-" + Guid.NewGuid().ToString("N");
        foreach (var (key, value) in ClusterSecrets.NewEnvironment())
        {
            start.Environment[key] = value;
        }

        start.Environment["LOGCHAT_Logging__Console__FormatterName"] = "json";
        start.Environment["LOGCHAT_Logging__LogLevel__LogChat"] = "Debug";
        foreach (var (key, value) in settings)
        {
            start.Environment["LOGCHAT_LogChat__" + key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The gateway did not start.");
        var gateway = new GatewayProcess(process, url);
        gateway._log.Attach(process);
        await Eventually.TrueAsync(async () => process.HasExited || await isListening(), "the gateway to listen", StartPatience);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The gateway exited with {process.ExitCode}:\n{gateway._log}");
        }

        return gateway;
    }

    public void Kill() => ProcessEnding.Kill(_process);

    public void Dispose() => ProcessEnding.KillAndDispose(_process);

    private static bool IsListeningOnLoopback(int port)
    {
        using var probe = new TcpClient();
        try
        {
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
