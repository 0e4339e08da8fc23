using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>
/// One silo process of a shared test cluster: a gateway (silo plus gRPC API) or a headless silo, each with its own
/// loopback ports and a gRPC health endpoint, and the short failure-detection timing of <see cref="ClusterRig"/>.
/// </summary>
internal sealed class ClusterMemberProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriterLog _log = new();
    private readonly GrpcChannel _health;

    private ClusterMemberProcess(Process process, string name, int siloPort, int healthPort, int? apiPort)
    {
        _process = process;
        Name = name;
        SiloPort = siloPort;
        ApiPort = apiPort;
        _health = GrpcChannel.ForAddress($"http://127.0.0.1:{healthPort}");
    }

    /// <summary>Names the process in failure messages.</summary>
    public string Name { get; }

    /// <summary>The silo's port: it appears in the silo address that <c>user_presence.gateway</c> and the membership table record.</summary>
    public int SiloPort { get; }

    /// <summary>The gRPC API port (gateways only).</summary>
    public int? ApiPort { get; }

    /// <summary>The coordinator URL of this gateway.</summary>
    public string Url => $"http://127.0.0.1:{ApiPort ?? throw new InvalidOperationException($"{Name} is a headless silo.")}";

    public bool HasExited => _process.HasExited;

    public string Log => _log.ToString();

    public static ClusterMemberProcess StartGateway(string name, IReadOnlyDictionary<string, string> cluster)
    {
        var apiPort = LoopbackPorts.GetFree();
        return Start(name, ProcessPaths.Gateway, cluster, apiPort);
    }

    public static ClusterMemberProcess StartHeadless(string name, IReadOnlyDictionary<string, string> cluster) =>
        Start(name, ProcessPaths.Silo, cluster, apiPort: null);

    /// <summary>Waits until the process serves gRPC health as SERVING: its silo is an active member of the cluster.</summary>
    public async Task WaitUntilServingAsync()
    {
        var client = new Health.HealthClient(_health);
        await Eventually.TrueAsync(
            async () => HasExited || await IsServingAsync(client),
            $"{Name} to serve",
            TimeSpan.FromSeconds(60));
        if (HasExited)
        {
            throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Log}");
        }
    }

    /// <summary>SIGKILL: no draining, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the graceful shutdown an orchestrator asks for.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _health.Dispose();
        _process.Dispose();
    }

    private static ClusterMemberProcess Start(string name, string assembly, IReadOnlyDictionary<string, string> cluster, int? apiPort)
    {
        var siloPort = LoopbackPorts.GetFree();
        var healthPort = LoopbackPorts.GetFree();
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var (key, value) in cluster)
        {
            start.Environment[key] = value;
        }

        start.Environment["LOGCHAT_LogChat__Cluster__SiloName"] = name;
        start.Environment["LOGCHAT_LogChat__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["LOGCHAT_LogChat__Admin__HealthUrl"] = $"http://127.0.0.1:{healthPort}";
        if (apiPort is { } port)
        {
            start.Environment["LOGCHAT_LogChat__Gateway__ListenUrl"] = $"http://127.0.0.1:{port}";
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var member = new ClusterMemberProcess(process, name, siloPort, healthPort, apiPort);
        member._log.Attach(process);
        return member;
    }

    private static async Task<bool> IsServingAsync(Health.HealthClient client)
    {
        try
        {
            var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            return false;
        }
    }
}
