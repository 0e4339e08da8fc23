using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LogChat.Bench.Load.Baseline;

/// <summary>
/// The connections scenario's baseline process (<c>bare-stream-server</c>): Kestrel and ASP.NET Core gRPC on
/// loopback h2c, as the gateway listens in the bench, serving Connect streams that hold nothing (no Orleans,
/// no presence, no keep-alives, no telemetry). What it costs per stream is what any gRPC server stream on
/// Kestrel costs. It prints its gRPC port and its metrics port (HTTP/1.1, like the gateway's admin port) on the
/// first line of stdout and serves, there, the two series the gateway probe reads (<c>/metrics</c>: GC heap
/// now, open streams; <c>POST /collect</c> forces a full compacting GC first) until stdin closes or it is told to stop.
/// </summary>
public static class BareStreamServer
{
    public const string Command = "bare-stream-server";

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, endpoint => endpoint.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, endpoint => endpoint.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        var streams = new BareStreamCount();
        builder.Services.AddSingleton(streams);
        await using var app = builder.Build();
        app.MapGrpcService<BareCoordinatorService>();
        app.MapGet("/metrics", () => Results.Text(Metrics(streams), "text/plain"));
        app.MapPost("/collect", Collect);
        await app.StartAsync(cancellationToken);
        // Addresses come in the order of the Listen calls: the gRPC port, then the metrics port.
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port);
        Console.WriteLine(string.Join(' ', ports.Select(p => p.ToString(CultureInfo.InvariantCulture))));
        using var stdinClosed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = Task.Run(
            async () =>
            {
                await Console.In.ReadToEndAsync(stdinClosed.Token);
                await stdinClosed.CancelAsync();
            },
            CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, stdinClosed.Token);
        }
        catch (OperationCanceledException)
        {
            // Told to stop, or the load generator is gone.
        }

        await app.StopAsync(CancellationToken.None);
    }

    // GC heap: what the heap holds now, garbage included (a server this idle may never have collected, so there is
    // no "after the last collection" figure to give); after /collect, that is the live objects.
    private static string Metrics(BareStreamCount streams) => string.Create(CultureInfo.InvariantCulture,
        $"dotnet_gc_last_collection_heap_size_bytes {GC.GetTotalMemory(forceFullCollection: false)}\nlogchat_gateway_connected_clients {streams.Open}\n");

    private static IResult Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Results.Text("collected\n", "text/plain");
    }
}
