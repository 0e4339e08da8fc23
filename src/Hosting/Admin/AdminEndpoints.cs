using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace LogChat.Hosting.Admin;

/// <summary>
/// The operator's endpoints every LogChat server process has, silo or relay: gRPC health on the health port,
/// Prometheus metrics and HTTP health on the admin port (<see cref="AdminOptions"/>).
/// </summary>
public static class AdminEndpoints
{
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
    /// Adds health checks, OpenTelemetry metrics (<paramref name="meters"/>, ASP.NET Core's and the runtime's) and
    /// the admin listeners of <see cref="AdminOptions"/>. Returns the health checks builder for the host's own
    /// checks, tagged with <see cref="HealthTags"/>.
    /// </summary>
    public static IHealthChecksBuilder AddAdminEndpoints(this WebApplicationBuilder builder, params string[] meters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var admin = Settings(builder.Configuration);
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
            .AddMeter(meters)
            .AddMeter(AspNetCoreMeters)
            .AddRuntimeInstrumentation()
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MetricSeriesLimit })
            .AddPrometheusExporter());
        builder.Services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = TimeSpan.FromSeconds(2);
        });
        // The health service is a gRPC service: a host without an API of its own would not register gRPC's services.
        builder.Services.AddGrpc();
        return builder.Services.AddGrpcHealthChecks(grpc =>
        {
            grpc.Services.Map(string.Empty, _ => true);
            grpc.Services.Map(HealthTags.LivenessService, check => check.Tags.Contains(HealthTags.Live));
            grpc.Services.Map(HealthTags.ReadinessService, check => check.Tags.Contains(HealthTags.Ready));
            grpc.UseHealthChecksCache = false;
        });
    }

    /// <summary>Maps gRPC health and, for the admin port, metrics and HTTP health; <see cref="AdminPortGate"/> keeps each port to its purpose.</summary>
    public static WebApplication MapAdminEndpoints(this WebApplication app)
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

        return app;
    }

    /// <summary>The <c>LogChat:Admin</c> section, or its defaults (no admin listener).</summary>
    // The dashboard's basic auth would cross any network in plaintext: it listens on loopback only.
    private static System.Net.IPAddress LoopbackAddress(Uri dashboard)
    {
        var address = ListenAddress.Of(dashboard, $"{AdminOptions.SectionName}:DashboardUrl");
        return System.Net.IPAddress.IsLoopback(address)
            ? address
            : throw new Microsoft.Extensions.Options.OptionsValidationException(AdminOptions.SectionName, typeof(AdminOptions),
                [$"{AdminOptions.SectionName}:DashboardUrl {dashboard} is not a loopback address: the dashboard is reached through kubectl port-forward"]);
    }

    public static AdminOptions Settings(IConfiguration configuration) =>
        configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>() ?? new AdminOptions();
}
