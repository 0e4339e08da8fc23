using LogChat.Testing;
using Npgsql;

namespace LogChat.System.Tests;

/// <summary>
/// One cluster on one fresh database: two gateway silos (A and B) and a headless silo, with failure detection
/// short enough that a killed silo is declared dead within a few seconds; plus profile folders for logchat users.
/// </summary>
internal sealed class ClusterRig : IAsyncDisposable
{
    /// <summary>
    /// Failure detection for the test: probes every 0.5-1 s, a silo missing two probes (the second asked through
    /// another silo, which adds its vote) is declared dead. Orleans' defaults take about half a minute.
    /// </summary>
    private static readonly Dictionary<string, string> FastMembership = new()
    {
        ["ProbeTimeout"] = "00:00:01",
        ["MaxProbeTimeout"] = "00:00:01",
        ["NumMissedProbesLimit"] = "2",
        ["NumVotesForDeathDeclaration"] = "2",
        ["DeathVoteExpirationTimeout"] = "00:00:20",
        ["TableRefreshTimeout"] = "00:00:02",
        ["IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    private readonly string _homes = Path.Combine(Path.GetTempPath(), "logchat-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly List<ClientProcess> _clients = [];

    private ClusterRig(TestDatabase database, ClusterMemberProcess gatewayA, ClusterMemberProcess gatewayB, ClusterMemberProcess headless)
    {
        Database = database;
        GatewayA = gatewayA;
        GatewayB = gatewayB;
        Headless = headless;
    }

    public TestDatabase Database { get; }

    public ClusterMemberProcess GatewayA { get; }

    public ClusterMemberProcess GatewayB { get; }

    public ClusterMemberProcess Headless { get; }

    /// <summary>Both gateways, A first: a client given this list connects to A and moves to B.</summary>
    public string PreferA => $"{GatewayA.Url},{GatewayB.Url}";

    /// <summary>Both gateways, B first.</summary>
    public string PreferB => $"{GatewayB.Url},{GatewayA.Url}";

    public static async Task<ClusterRig> StartAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string>
        {
            ["LOGCHAT_LogChat__Database__ConnectionString"] = database.ConnectionString,
            ["LOGCHAT_LogChat__Cluster__ClusterId"] = "system-cluster-" + Guid.NewGuid().ToString("N"),
        };
        // One set of secrets for the whole cluster, as every deployment has.
        foreach (var (key, value) in ClusterSecrets.NewEnvironment())
        {
            cluster[key] = value;
        }

        foreach (var (key, value) in FastMembership)
        {
            cluster[$"LOGCHAT_LogChat__Cluster__Membership__{key}"] = value;
        }

        // The first silo applies the schema alone; the others then join a cluster that exists.
        var headless = ClusterMemberProcess.StartHeadless("headless", cluster);
        await headless.WaitUntilServingAsync();
        var gatewayA = ClusterMemberProcess.StartGateway("gateway-a", cluster);
        var gatewayB = ClusterMemberProcess.StartGateway("gateway-b", cluster);
        var rig = new ClusterRig(database, gatewayA, gatewayB, headless);
        try
        {
            await Task.WhenAll(gatewayA.WaitUntilServingAsync(), gatewayB.WaitUntilServingAsync());
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers <paramref name="users"/> through gateway B.</summary>
    public async Task RegisterAsync(params string[] users)
    {
        foreach (var user in users)
        {
            Assert.Equal(0, await ClientProcess.RunAsync(GatewayB.Url, Home(user), "register", user));
        }
    }

    /// <summary>Starts <c>logchat listen --accept-all</c> for <paramref name="user"/> and waits until it is online.</summary>
    public async Task<ClientProcess> ListenAsync(string user, string servers)
    {
        var client = Track(ClientProcess.Start(servers, Home(user), "listen", "--accept-all"));
        await client.WaitForStatusAsync("Waiting for chat requests");
        return client;
    }

    /// <summary>Starts <c>logchat chat <paramref name="peer"/></c> for <paramref name="user"/>.</summary>
    public ClientProcess Chat(string user, string peer, string servers) =>
        Track(ClientProcess.Start(servers, Home(user), "chat", peer));

    /// <summary>Runs one logchat command for <paramref name="user"/> to its end.</summary>
    public Task<int> RunAsync(string user, string servers, params string[] arguments) =>
        ClientProcess.RunAsync(servers, Home(user), arguments);

    /// <summary>The silo address of the gateway that holds <paramref name="user"/>'s stream, or null while offline.</summary>
    public async Task<string?> GatewayOfAsync(string user)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand(
            "SELECT p.gateway FROM user_presence p JOIN users u ON u.id = p.user_id WHERE u.username = $1 AND p.is_online", connection);
        query.Parameters.AddWithValue(user);
        return await query.ExecuteScalarAsync() as string;
    }

    /// <summary>Whether the membership table records <paramref name="member"/> as dead (Orleans' SiloStatus 6).</summary>
    public async Task<bool> IsDeclaredDeadAsync(ClusterMemberProcess member)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE port = $1 AND status = 6", connection);
        query.Parameters.AddWithValue(member.SiloPort);
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Every row of the system-of-record tables (users, public_keys, sessions), as sorted text.</summary>
    public async Task<IReadOnlyList<string>> RecordsAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand(
            "SELECT 'users ' || t::text FROM users t UNION ALL SELECT 'public_keys ' || t::text FROM public_keys t "
            + "UNION ALL SELECT 'sessions ' || t::text FROM sessions t ORDER BY 1",
            connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        GatewayA.Dispose();
        GatewayB.Dispose();
        Headless.Dispose();
        await Database.DisposeAsync();
        if (Directory.Exists(_homes))
        {
            Directory.Delete(_homes, recursive: true);
        }
    }

    private ClientProcess Track(ClientProcess client)
    {
        _clients.Add(client);
        return client;
    }

    private string Home(string user) => Path.Combine(_homes, user);
}
