using LogChat.Gateway.Connections;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogChat.Gateway.Health;

/// <summary>Unhealthy (not ready) once the gateway drains, so that load balancers stop sending it clients.</summary>
public sealed class DrainingHealthCheck(GatewayDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy("the gateway is draining")
            : HealthCheckResult.Healthy("the gateway accepts clients"));
}
