using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogChat.Hosting.Admin;

/// <summary>Unhealthy (not ready) once the process drains, so that load balancers stop sending it clients.</summary>
public sealed class DrainingHealthCheck(IDrainState drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy("draining: no new clients")
            : HealthCheckResult.Healthy("accepting clients"));
}

/// <summary>Registers <see cref="DrainingHealthCheck"/> for a host's own drain.</summary>
public static class DrainingHealthChecks
{
    /// <summary>Adds the readiness check <c>draining</c>, reading <typeparamref name="TDrain"/> (a registered service).</summary>
    public static IHealthChecksBuilder AddDrainingCheck<TDrain>(this IHealthChecksBuilder health)
        where TDrain : class, IDrainState
    {
        ArgumentNullException.ThrowIfNull(health);
        health.Services.AddSingleton<IDrainState>(provider => provider.GetRequiredService<TDrain>());
        return health.AddCheck<DrainingHealthCheck>("draining", tags: [HealthTags.Ready]);
    }
}
