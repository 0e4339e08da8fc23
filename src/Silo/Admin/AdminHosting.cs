using LogChat.Grains.Telemetry;
using LogChat.Hosting.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Dashboard;

namespace LogChat.Silo.Admin;

/// <summary>The operator's endpoints every LogChat silo process has: the shared admin endpoints plus Orleans' meters, silo health and the dashboard.</summary>
public static class AdminHosting
{
    private static readonly string[] SiloMeters = [LogChatMeter.Name, "Microsoft.Orleans"];

    /// <summary>
    /// Adds the admin endpoints (<see cref="AdminEndpoints"/>) with LogChat's and Orleans' meters and the silo's own
    /// health check, tagged live and ready. Returns the health checks builder so that a host can add checks of its own.
    /// </summary>
    public static IHealthChecksBuilder AddLogChatAdmin(this WebApplicationBuilder builder) =>
        builder.AddAdminEndpoints(SiloMeters).AddCheck<SiloActiveHealthCheck>("silo", tags: [HealthTags.Live, HealthTags.Ready])
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);

    /// <summary>Maps the admin endpoints and, when configured, the dashboard.</summary>
    public static WebApplication MapLogChatAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAdminEndpoints();
        var admin = app.Services.GetRequiredService<AdminOptions>();
        if (admin.DashboardEnabled)
        {
            app.MapOrleansDashboard("/dashboard").AddEndpointFilter(new DashboardBasicAuthentication(admin));
        }

        return app;
    }

    /// <summary>Adds the Orleans dashboard's silo services when the dashboard is configured.</summary>
    public static ISiloBuilder AddLogChatDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return AdminEndpoints.Settings(configuration).DashboardEnabled ? silo.AddDashboard() : silo;
    }
}
