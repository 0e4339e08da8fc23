using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>
/// Serves one gRPC service on loopback h2c ports, with <paramref name="state"/> as a singleton it can take, and the
/// server options <paramref name="configure"/> sets (interceptors, say).
/// </summary>
internal static class LoopbackGrpcApp
{
    public static async Task<WebApplication> StartAsync<TService, TState>(IEnumerable<int> ports, TState state, Action<Grpc.AspNetCore.Server.GrpcServiceOptions>? configure = null)
        where TService : class
        where TState : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var port in ports)
            {
                kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        builder.Services.AddGrpc(grpc => configure?.Invoke(grpc));
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<TService>();
        await app.StartAsync();
        return app;
    }
}
