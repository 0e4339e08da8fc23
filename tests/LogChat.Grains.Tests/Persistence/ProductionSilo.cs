using System.Globalization;
using LogChat.Silo;
using LogChat.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogChat.Grains.Tests.Persistence;

/// <summary>A silo set up exactly as production sets one up (<see cref="LogChatSiloBuilderExtensions.AddLogChatSilo"/>), on free loopback ports.</summary>
internal sealed class ProductionSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private ProductionSilo(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>The silo's own services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a silo of <paramref name="clusterId"/> on <paramref name="database"/>, with extra <paramref name="settings"/>.</summary>
    public static async Task<ProductionSilo> StartAsync(TestDatabase database, string clusterId, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LogChat:Database:ConnectionString"] = database.ConnectionString,
            ["LogChat:Cluster:ClusterId"] = clusterId,
            ["LogChat:Cluster:SiloPort"] = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.AddLogChatSilo(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new ProductionSilo(host);
    }

    /// <summary>Shuts the silo down gracefully, as a deployment does.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
