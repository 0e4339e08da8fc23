using System.Net;
using Grpc.Net.Client;
using LogChat.Gateway.Hosting;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>
/// A real gateway silo (Kestrel on a free loopback port, a one-silo Orleans cluster) on a fresh PostgreSQL
/// database, started once per test collection.
/// </summary>
public class GatewayServer : IAsyncLifetime
{
    /// <summary>The cluster-wide login salt secret of every test gateway: 32 bytes of 'Z', base64.</summary>
    public const string LoginSaltSecret = "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo=";

    private TestDatabase? _database;
    private WebApplication? _app;
    private GrpcChannel? _channel;
    private ProbeListener? _probe;

    public Uri Address { get; } = new($"http://127.0.0.1:{LoopbackPorts.GetFree()}");

    public Coordinator.CoordinatorClient Client => new(_channel ?? throw new InvalidOperationException("not started"));

    /// <summary>A listener the gateway's dial-back reaches, shared by the collection's tests (they run one after another).</summary>
    public ProbeListener Probe => _probe ?? throw new InvalidOperationException("not started");

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("not started");

    /// <summary>The gateway's services, for tests that must reach inside it (e.g. to flood one stream).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging);
        builder.Configuration.AddInMemoryCollection(Settings());
        builder.Configuration.AddInMemoryCollection(SettingOverrides());
        builder.AddLogChatGateway();
        _app = builder.Build();
        _app.MapLogChatGateway();
        await _app.StartAsync();
        _channel = GrpcChannel.ForAddress(Address);
        _probe = await ProbeListener.StartAsync(IPAddress.Loopback);
    }

    /// <summary>Stops the gateway the way SIGTERM does.</summary>
    public Task StopAsync() => _app?.StopAsync() ?? Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Runs a query against the gateway's database and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Log providers a subclass adds (none by default: the tests' output stays quiet).</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging)
    {
    }

    /// <summary>Settings a subclass changes for a gateway of its own.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> SettingOverrides() => [];

    private IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("LogChat:Database:ConnectionString", _database!.ConnectionString),
        new("LogChat:Cluster:ClusterId", $"gateway-tests-{Guid.NewGuid():N}"),
        new("LogChat:Cluster:SiloPort", LoopbackPorts.GetFree().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("LogChat:Gateway:ListenUrl", Address.ToString()),
        new("LogChat:Gateway:ProbePort", LoopbackPorts.GetFree().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("LogChat:Gateway:KeepAliveInterval", "00:00:01"),
        new("LogChat:SessionIds:Key", ClusterSecrets.NewKey()),
        new("LogChat:LoginSalt:Secret", LoginSaltSecret),
        new("LogChat:PasswordHashing:MemoryKib", "1024"),
        new("LogChat:PasswordHashing:Iterations", "1"),
        new("LogChat:Presence:DisconnectGrace", "00:00:00.500"),
        new("LogChat:Presence:LeaseDuration", "00:00:03"),
        new("LogChat:Presence:RenewInterval", "00:00:01"),
        new("LogChat:RateLimits:RegistrationsPerAddress", "1000"),
        new("LogChat:RateLimits:LoginsPerAddress", "1000"),
        new("LogChat:RateLimits:CallsPerAddress", "1000000"),
        new("LogChat:RateLimits:CallsPerUser", "1000000"),
        new("LogChat:Reachability:ChecksPerAddress", "1000"),
    ];
}
