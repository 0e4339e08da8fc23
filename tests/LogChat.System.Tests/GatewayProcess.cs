using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>A real coordinator (gateway silo) process on its own database, ports and cluster id.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriterLog _log = new();

    private GatewayProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Everything the gateway wrote to its console so far (JSON lines).</summary>
    public string Log => _log.ToString();

    public static async Task<GatewayProcess> StartAsync(string connectionString)
    {
        var port = LoopbackPorts.GetFree();
        var start = new ProcessStartInfo("dotnet", [ProcessPaths.Gateway])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ProcessPaths.Gateway)!,
        };
        start.Environment["LOGCHAT_LogChat__Database__ConnectionString"] = connectionString;
        start.Environment["LOGCHAT_LogChat__Gateway__ListenUrl"] = $"http://127.0.0.1:{port}";
        start.Environment["LOGCHAT_LogChat__Cluster__ClusterId"] = "system-test-" + Guid.NewGuid().ToString("N");
        start.Environment["LOGCHAT_LogChat__Cluster__SiloPort"] = LoopbackPorts.GetFree().ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LOGCHAT_LogChat__Cluster__GatewayPort"] = "0";
        start.Environment["LOGCHAT_Logging__Console__FormatterName"] = "json";
        start.Environment["LOGCHAT_Logging__LogLevel__LogChat"] = "Debug";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The gateway did not start.");
        var gateway = new GatewayProcess(process, port);
        gateway._log.Attach(process);
        await Eventually.TrueAsync(() => process.HasExited || IsListening(port), "the gateway to listen", TimeSpan.FromSeconds(60));
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The gateway exited with {process.ExitCode}:\n{gateway._log}");
        }

        return gateway;
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static bool IsListening(int port)
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
