using LogChat.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace LogChat.Silo.Admin;

/// <summary>The operator's endpoints every LogChat silo process has: gRPC health, Prometheus metrics, the dashboard.</summary>
public static class AdminHosting
{
    private static readonly string[] OrleansMeters = ["Microsoft.Orleans"];

    // Series per metric. OpenTelemetry allocates room for the whole limit up front, for every metric a silo records,
    // so its default cost megabytes per silo (docs/benchmarks.md, connections) for metrics whose series number in the
    // tens (tags are grain types, methods, status codes). Series beyond the limit are summed into one
    // otel_metric_overflow series.
    private const int MetricSeriesLimit = 200;

    // ASP.NET Core's own meters. OpenTelemetry's AspNetCore instrumentation would add only an error tag, through a
    // middleware that stays on every open request: one more object per held Connect stream.
    private static readonly string[] AspNetCoreMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics"];

    /// <summary>
    /// Adds health checks (the silo's own, tagged live and ready), OpenTelemetry metrics (LogChat's and Orleans'
    /// meters, ASP.NET Core and the runtime) and the admin listeners of <see cref="AdminOptions"/>. Returns the
    /// health checks builder so that a host can add checks of its own.
    /// </summary>
    public static IHealthChecksBuilder AddLogChatAdmin(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var admin = AdminSettings(builder.Configuration);
        builder.Services.AddSingleton(admin);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (admin.ListenUrl is { } listen)
            {
                kestrel.Listen(ListenAddress.Of(listen, $"{AdminOptions.SectionName}:ListenUrl"), listen.Port, endpoint => endpoint.Protocols = HttpProtocols.Http1);
            }

            if (admin.HealthUrl is { } health)
            {
                kestrel.Listen(ListenAddress.Of(health, $"{AdminOptions.SectionName}:HealthUrl"), health.Port, endpoint => endpoint.Protocols = HttpProtocols.Http2);
            }

            if (admin.DashboardUrl is { } dashboard)
            {
                kestrel.Listen(LoopbackAddress(dashboard), dashboard.Port, endpoint => endpoint.Protocols = HttpProtocols.Http1);
            }
        });

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(LogChatMeter.Name)
            .AddMeter(OrleansMeters)
            .AddMeter(AspNetCoreMeters)
            .AddRuntimeInstrumentation()
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MetricSeriesLimit })
            .AddPrometheusExporter());
        builder.Services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = TimeSpan.FromSeconds(2);
        });
        // The health service is a gRPC service: a headless silo has no other that would register gRPC's services.
        builder.Services.AddGrpc();
        var health = builder.Services.AddGrpcHealthChecks(grpc =>
        {
            grpc.Services.Map(string.Empty, _ => true);
            grpc.Services.Map(HealthTags.LivenessService, check => check.Tags.Contains(HealthTags.Live));
            grpc.Services.Map(HealthTags.ReadinessService, check => check.Tags.Contains(HealthTags.Ready));
            grpc.UseHealthChecksCache = false;
        });
        return health.AddCheck<SiloActiveHealthCheck>("silo", tags: [HealthTags.Live, HealthTags.Ready])
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);
    }

    /// <summary>Maps gRPC health, for the admin port metrics and HTTP health, and the dashboard; <see cref="AdminPortGate"/> keeps each port to its purpose.</summary>
    public static WebApplication MapLogChatAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var admin = app.Services.GetRequiredService<AdminOptions>();
        app.UseMiddleware<AdminPortGate>();
        app.MapGrpcHealthChecksService();
        if (admin.ListenUrl is not null)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
            app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live) });
            app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        }

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
        return AdminSettings(configuration).DashboardEnabled ? silo.AddDashboard() : silo;
    }

    // The dashboard's basic auth would cross any network in plaintext: it listens on loopback only.
    private static System.Net.IPAddress LoopbackAddress(Uri dashboard)
    {
        var address = ListenAddress.Of(dashboard, $"{AdminOptions.SectionName}:DashboardUrl");
        return System.Net.IPAddress.IsLoopback(address)
            ? address
            : throw new Microsoft.Extensions.Options.OptionsValidationException(AdminOptions.SectionName, typeof(AdminOptions),
                [$"{AdminOptions.SectionName}:DashboardUrl {dashboard} is not a loopback address: the dashboard is reached through kubectl port-forward"]);
    }

    private static AdminOptions AdminSettings(IConfiguration configuration) =>
        configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>() ?? new AdminOptions();
}
