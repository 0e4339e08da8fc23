using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace LogChat.Silo.Admin;

/// <summary>Healthy while this process's silo is an active member of the cluster.</summary>
public sealed class SiloActiveHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var active = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress) == SiloStatus.Active;
        return Task.FromResult(active
            ? HealthCheckResult.Healthy("the silo is an active cluster member")
            : HealthCheckResult.Unhealthy("the silo is not an active cluster member"));
    }
}
