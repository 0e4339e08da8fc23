using System.Net;
using System.Security.Cryptography;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Hosting;
using LogChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace LogChat.Relay.Tests.Infrastructure;

/// <summary>A real relay in this process: Kestrel on loopback ports, the relay port and the admin ports, one ticket key.</summary>
public sealed class RelayServer : IAsyncDisposable
{
    public const string Id = "relay-test";

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    private readonly WebApplication _app;

    private RelayServer(WebApplication app, IPAddress address, int port, Uri admin, Uri health)
    {
        _app = app;
        Endpoint = new IPEndPoint(address, port);
        AdminAddress = admin;
        HealthAddress = health;
    }

    /// <summary>The keyring the relay verifies with (what the coordinator would sign with).</summary>
    public static RelayTicketKeyring Keyring { get; } = new([new RelayTicketKey(1, Secret)]);

    public IPEndPoint Endpoint { get; }

    public Uri AdminAddress { get; }

    public Uri HealthAddress { get; }

    /// <summary>Starts a relay with the defaults plus <paramref name="settings"/> (keys under <c>LogChat:Relay:</c> without the prefix).</summary>
    public static async Task<RelayServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(Settings(settings));
        builder.AddLogChatRelay();
        var app = builder.Build();
        app.MapLogChatRelay();
        var relay = new RelayServer(
            app,
            IPAddress.Parse(app.Configuration["LogChat:Relay:ListenAddress"] ?? "127.0.0.1"),
            int.Parse(app.Configuration["LogChat:Relay:Port"]!, System.Globalization.CultureInfo.InvariantCulture),
            new Uri(app.Configuration["LogChat:Admin:ListenUrl"]!),
            new Uri(app.Configuration["LogChat:Admin:HealthUrl"]!));
        await app.StartAsync();
        return relay;
    }

    /// <summary>The configuration a relay with <paramref name="settings"/> starts from (for tests that expect it to refuse).</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["LogChat:Relay:Id"] = Id,
            // Pairs still open when a test ends are closed at once rather than after the default drain.
            ["LogChat:Relay:DrainTimeout"] = "00:00:00",
            ["LogChat:Relay:Port"] = LoopbackPorts.GetFree().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LogChat:Admin:ListenUrl"] = $"http://127.0.0.1:{LoopbackPorts.GetFree()}",
            ["LogChat:Admin:HealthUrl"] = $"http://127.0.0.1:{LoopbackPorts.GetFree()}",
            ["LogChat:RelayTickets:Keys:0:Id"] = "1",
            ["LogChat:RelayTickets:Keys:0:Secret"] = Convert.ToBase64String(Secret),
        };
        foreach (var (key, value) in settings)
        {
            values[key.StartsWith("LogChat:", StringComparison.Ordinal) ? key : $"LogChat:Relay:{key}"] = value;
        }

        return values;
    }

    /// <summary>A ticket for this relay, valid for a minute unless said otherwise.</summary>
    public static byte[] Ticket(SessionId session, RelaySide side, TimeSpan? validFor = null, string relayId = Id) =>
        RelayTicketCodec.Issue(new RelayTicket(session, side, DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromMinutes(1)), relayId), Keyring);

    /// <summary>A metric's current value on this relay's admin port.</summary>
    public Task<double> ScrapeAsync(string metric, string? label = null) => PrometheusScrape.ValueAsync(AdminAddress, metric, label);

    /// <summary>
    /// Waits until a metric reads <paramref name="expected"/>: the exporter caches its answer for a moment, so a value
    /// is read as soon as it shows rather than at once.
    /// </summary>
    public async Task MetricIsAsync(string metric, double expected, string? label = null)
    {
        var last = double.NaN;
        try
        {
            await Eventually.TrueAsync(async () => (last = await ScrapeAsync(metric, label)) == expected, $"{metric} {label} to read {expected}");
        }
        catch (TimeoutException waited)
        {
            throw new TimeoutException($"{waited.Message} It read {last}.", waited);
        }
    }

    /// <summary>Stops the relay as SIGTERM would: drain, then stop.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
