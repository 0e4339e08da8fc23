using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LogChat.Silo.Admin;

/// <summary>
/// Degraded, never unhealthy, while PostgreSQL does not answer: readiness shows the outage (HTTP <c>/healthz/ready</c>
/// says <c>Degraded</c> with the reason) but keeps the silo in its Service, since every silo shares the database and a
/// gateway that stays reachable answers UNAVAILABLE with a retry hint and keeps its clients' streams open
/// (docs/decisions.md).
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await using var ping = database.CreateCommand("SELECT 1");
            await ping.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Degraded("PostgreSQL does not answer: calls that need it get UNAVAILABLE");
        }
    }
}
