using Microsoft.AspNetCore.Http;

namespace LogChat.Hosting.Admin;

/// <summary>
/// Keeps each listener to its purpose, by the local port a request arrived on (not the Host header, which a relay
/// or load balancer rewrites): the health port serves only gRPC health, the admin port only metrics and HTTP health,
/// the dashboard port only the dashboard, and the API port none of these. A conventional middleware, built once: it hands a request on without an
/// async frame of its own, so a held Connect stream keeps nothing of it.
/// </summary>
public sealed class AdminPortGate(RequestDelegate next, AdminOptions options)
{
    private static readonly PathString GrpcHealth = "/grpc.health.v1.Health";
    private static readonly PathString Dashboard = "/dashboard";
    private static readonly PathString[] AdminPaths = ["/metrics", "/healthz"];

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var port = context.Connection.LocalPort;
        var path = context.Request.Path;
        var allowed =
            port == options.HealthUrl?.Port ? path.StartsWithSegments(GrpcHealth)
            : port == options.ListenUrl?.Port ? IsAdminPath(path)
            : port == options.DashboardUrl?.Port ? path.StartsWithSegments(Dashboard)
            : !IsAdminPath(path) && !path.StartsWithSegments(Dashboard);
        if (allowed)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static bool IsAdminPath(PathString path) => AdminPaths.Any(path.StartsWithSegments);
}
