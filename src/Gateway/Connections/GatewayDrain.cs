using LogChat.Grains.Presence;
using LogChat.Hosting.Admin;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Connections;

/// <summary>
/// Graceful shutdown: once the host begins stopping (SIGTERM), the gateway reports not ready, refuses new
/// Connect streams, and tells every connected client to move to another gateway before its stream ends.
/// In-flight unary calls finish under the host's shutdown timeout, then the silo leaves the cluster.
/// </summary>
public sealed partial class GatewayDrain(
    ClientConnectionRegistry connections,
    IHostApplicationLifetime lifetime,
    IOptions<PresenceOptions> presence,
    ILogger<GatewayDrain> logger) : IHostedService, IDrainState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before any hosted service stops, so clients move while Kestrel and the silo still run.
        lifetime.ApplicationStopping.Register(Drain);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts draining; idempotent.</summary>
    public void Drain()
    {
        if (_draining)
        {
            return;
        }

        _draining = true;
        var moveNow = new ServerEvent
        {
            Draining = new Draining { ReconnectWithinMs = (uint)presence.Value.DisconnectGrace.TotalMilliseconds },
        };
        var count = 0;
        foreach (var connection in connections.All)
        {
            connection.Close(moveNow);
            count++;
        }

        LogDraining(count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: told {Count} connected clients to move to another gateway")]
    private partial void LogDraining(int count);
}
