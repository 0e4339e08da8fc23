using LogChat.Relay.Pairing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogChat.Relay.Hosting;

/// <summary>Unhealthy (not ready) once the relay drains, so that load balancers stop sending it clients.</summary>
internal sealed class DrainingHealthCheck(RelaySessions sessions) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(sessions.IsDraining
            ? HealthCheckResult.Unhealthy("the relay is draining")
            : HealthCheckResult.Healthy("the relay accepts connections"));
}
