using System.Diagnostics;
using System.Globalization;
using LogChat.Lab.Tests.Network;
using LogChat.Testing;

namespace LogChat.Lab.Tests;

/// <summary>
/// The lab's relay: a real relay process on the server machine, next to the gateway, with the ticket key the gateway
/// signs with. It can be killed (to end the chats going through it) and started again.
/// </summary>
public sealed class LabRelay : IDisposable
{
    public const string Id = "relay-0";
    public const int Port = 50061;
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private readonly LabHost _server;
    private readonly string _keySecret;
    private readonly StringWriterLog _log = new();
    private Process? _process;

    private LabRelay(LabHost server, string keySecret)
    {
        _server = server;
        _keySecret = keySecret;
    }

    /// <summary>Where clients reach it, as the coordinator is configured with it.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{_server.Address}:{Port}");

    /// <summary>Everything the relay wrote to its console so far.</summary>
    public string Log => _log.ToString();

    /// <summary>Starts the relay on <paramref name="server"/> with the base64 ticket key <paramref name="keySecret"/> (key id 0).</summary>
    public static async Task<LabRelay> StartAsync(LabHost server, string keySecret)
    {
        var relay = new LabRelay(server, keySecret);
        await relay.StartAgainAsync();
        return relay;
    }

    /// <summary>Kills the relay at once (SIGKILL): every connection through it closes.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            ProcessEnding.Kill(process);
        }
    }

    /// <summary>Starts the relay (again, after <see cref="Kill"/>) and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        _process?.Dispose();
        var start = _server.Launcher.StartInfo(ProcessPaths.Relay, []);
        start.WorkingDirectory = Path.GetDirectoryName(ProcessPaths.Relay)!;
        start.Environment["LOGCHAT_LogChat__Relay__Id"] = Id;
        start.Environment["LOGCHAT_LogChat__Relay__ListenAddress"] = "0.0.0.0";
        start.Environment["LOGCHAT_LogChat__Relay__Port"] = Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["LOGCHAT_LogChat__RelayTickets__Keys__0__Id"] = "0";
        start.Environment["LOGCHAT_LogChat__RelayTickets__Keys__0__Secret"] = _keySecret;
        start.Environment["LOGCHAT_Logging__Console__FormatterName"] = "json";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The relay did not start.");
        _process = process;
        _log.Attach(process);
        await Eventually.TrueAsync(async () => process.HasExited || await _server.IsListeningAsync(Port), "the relay to listen", StartPatience);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The relay exited with {process.ExitCode}:\n{_log}");
        }
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            ProcessEnding.KillAndDispose(_process);
        }
    }
}
