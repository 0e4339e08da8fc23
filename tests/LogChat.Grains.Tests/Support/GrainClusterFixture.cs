using System.Globalization;
using System.Security.Cryptography;
using LogChat.Grains.Accounts;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Protocol.Accounts;
using LogChat.Silo;
using LogChat.Silo.Schema;
using LogChat.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;
using Xunit;

namespace LogChat.Grains.Tests.Support;

/// <summary>
/// An in-process Orleans cluster running LogChat's grains on a fresh, migrated PostgreSQL database, with short
/// timeouts so that expiry and timeouts happen within a test.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HostReadyTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(4);
    public const int MaxOpenSessionsPerUser = 4;
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(0.5);
    public static readonly TimeSpan DisconnectGrace = TimeSpan.FromSeconds(1);

    private TestDatabase? _database;
    private NpgsqlDataSource? _dataSource;
    private InProcessTestCluster? _cluster;
    private IGatewayObserver? _gatewayReference;

    public InProcessTestCluster Cluster => _cluster ?? throw NotInitialized();

    public IClusterClient Client => Cluster.Client;

    public SeedTables Tables { get; private set; } = null!;

    /// <summary>The test database, for stores that tests drive directly.</summary>
    public string ConnectionString => _database?.ConnectionString ?? throw NotInitialized();

    /// <summary>The test's stand-in gateway, through which every <see cref="ConnectedUser"/> receives its events.</summary>
    public RecordingGateway Gateway { get; } = new();

    /// <summary>The reference grains reach <see cref="Gateway"/> through.</summary>
    public IGatewayObserver GatewayReference => _gatewayReference ?? throw NotInitialized();

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new SchemaMigrator(_dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        Tables = new SeedTables(_database.ConnectionString);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        var dataSource = _dataSource;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(dataSource);
            silo.Services.AddLogChatGrains(configuration);
            silo.AddAdoNetGrainStorage(GrainServiceRegistration.StorageName, storage =>
            {
                storage.Invariant = LogChatSiloBuilderExtensions.AdoNetInvariant;
                storage.DataSource = dataSource;
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _gatewayReference = Client.CreateObjectReference<IGatewayObserver>(Gateway);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Registers a user with a fresh name starting with <paramref name="prefix"/> and a random identity key.</summary>
    public async Task<Participant> RegisterAsync(string prefix)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..UsernameRule.MaxLength];
        var identityKey = RandomNumberGenerator.GetBytes(32);
        var userId = await Client.GetGrain<IUserAccountGrain>(username).Register("argon2id-hash-of-" + username, identityKey);
        return new Participant(userId, username, identityKey);
    }

    /// <summary>Opens a Connect stream for <paramref name="user"/> after measuring it as a client behind <paramref name="natType"/>.</summary>
    public async Task<ConnectedUser> ConnectAsync(Participant user, NatType natType = NatType.None)
    {
        await Client.GetGrain<IPresenceGrain>(user.UserId).MeasureAsync(natType);
        return await ConnectedUser.ConnectAsync(Client, Gateway, _gatewayReference ?? throw NotInitialized(), user, RenewInterval);
    }

    /// <summary>Registers a user and connects it.</summary>
    public async Task<ConnectedUser> OnlineUserAsync(string prefix, NatType natType = NatType.None) =>
        await ConnectAsync(await RegisterAsync(prefix), natType);

    public IChatSessionGrain Session(Guid sessionId) => Client.GetGrain<IChatSessionGrain>(sessionId);

    /// <summary>Starts a session from <paramref name="initiator"/> to <paramref name="responder"/> and returns its id.</summary>
    public async Task<Guid> RequestAsync(ConnectedUser initiator, ConnectedUser responder)
    {
        var sessionId = Guid.NewGuid();
        await Session(sessionId).Request(initiator.User, responder.User);
        return sessionId;
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["LogChat:Sessions:RequestTimeout"] = Format(RequestTimeout),
        ["LogChat:Sessions:HostReadyTimeout"] = Format(HostReadyTimeout),
        ["LogChat:Sessions:ConnectTimeout"] = Format(ConnectTimeout),
        ["LogChat:Sessions:MaxOpenSessionsPerUser"] = MaxOpenSessionsPerUser.ToString(CultureInfo.InvariantCulture),
        ["LogChat:Presence:LeaseDuration"] = Format(LeaseDuration),
        ["LogChat:Presence:RenewInterval"] = Format(RenewInterval),
        ["LogChat:Presence:DisconnectGrace"] = Format(DisconnectGrace),
        // The test gateway is no silo: a sweep would mark its users offline behind their presence grains' backs.
        ["LogChat:Presence:SweepInterval"] = Format(TimeSpan.FromHours(1)),
    };

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static InvalidOperationException NotInitialized() => new("The cluster fixture is not initialized yet.");
}

/// <summary>Tests of accounts, tokens, presence and host selection, sharing one cluster; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}

/// <summary>
/// Tests of the chat session state machine, on a cluster of their own so that their timeouts run in parallel
/// with the other collection's waits.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SessionClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "session cluster";
}
