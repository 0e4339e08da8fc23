using LogChat.Relay.Pairing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogChat.Relay.Hosting;

/// <summary>
/// Live while the session table answers: the check takes its lock, so a relay stuck on it (pairing nobody) fails
/// the liveness probe by timing out and is restarted.
/// </summary>
internal sealed class SessionTableHealthCheck(RelaySessions sessions) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"the session table answers ({sessions.ActivePairs} pairs)"));
}
