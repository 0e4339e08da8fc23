using LogChat.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogChat.Silo.Tests.Hosting;

/// <summary>A real silo on loopback ports, configured exactly as the gateway and the headless silo are.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost host;

    private TestSilo(IHost host, int siloPort)
    {
        this.host = host;
        SiloPort = siloPort;
    }

    public int SiloPort { get; }

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Builds a silo host from <paramref name="settings"/> (configuration keys) without starting it; <paramref name="services"/>
    /// replaces services of its own (test doubles for what cannot be real).
    /// </summary>
    public static IHost Build(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.AddLogChatSilo(builder.Configuration));
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Starts a silo of cluster <paramref name="clusterId"/> on <paramref name="database"/>, with further <paramref name="settings"/>
    /// and <paramref name="services"/> as <see cref="Build"/> takes them.
    /// </summary>
    public static async Task<TestSilo> StartAsync(
        TestDatabase database, string clusterId, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var siloPort = LoopbackPorts.GetFree();
        var configuration = new Dictionary<string, string?>
        {
            ["LogChat:Database:ConnectionString"] = database.ConnectionString,
            ["LogChat:Cluster:ClusterId"] = clusterId,
            ["LogChat:Cluster:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var host = Build(configuration, services);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host, siloPort);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
