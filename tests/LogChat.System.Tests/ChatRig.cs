using LogChat.Testing;
using Npgsql;

namespace LogChat.System.Tests;

/// <summary>
/// A coordinator on a fresh database behind a recording relay, and two registered users, alice
/// (listening, accepting everything) and bob (asking alice for a chat), as real processes.
/// </summary>
internal sealed class ChatRig : IAsyncDisposable
{
    private readonly string _homes = Path.Combine(Path.GetTempPath(), "logchat-system-" + Guid.NewGuid().ToString("N"));

    private ChatRig(TestDatabase database, GatewayProcess gateway, LoopbackTcpRelay relay)
    {
        Database = database;
        Gateway = gateway;
        Relay = relay;
    }

    public TestDatabase Database { get; }

    public GatewayProcess Gateway { get; }

    public LoopbackTcpRelay Relay { get; }

    public ClientProcess? Alice { get; private set; }

    public ClientProcess? Bob { get; private set; }

    private string Server => $"http://127.0.0.1:{Relay.Port}";

    public static async Task<ChatRig> StartAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var gateway = await GatewayProcess.StartAsync(database.ConnectionString);
        return new ChatRig(database, gateway, new LoopbackTcpRelay(gateway.Port));
    }

    /// <summary>Registers both users, then starts alice listening and bob chatting, and waits until both are chatting.</summary>
    public Task StartChatAsync(params string[] extraOptions) => StartChatAsync(extraOptions, extraOptions);

    /// <summary>As <see cref="StartChatAsync(string[])"/>, with options of each side's own.</summary>
    public async Task StartChatAsync(string[] aliceOptions, string[] bobOptions)
    {
        await RegisterAsync("alice");
        await RegisterAsync("bob");
        Alice = Start("alice", ["listen", "--once", "--accept-all", .. aliceOptions]);
        await Alice.WaitForStatusAsync("Waiting for chat requests");
        Bob = Start("bob", ["chat", "alice", .. bobOptions]);
        await Bob.WaitForStatusAsync("Chatting with alice");
        await Alice.WaitForStatusAsync("Chatting with bob");
    }

    public async Task RegisterAsync(string user) => Assert.Equal(0, await ClientProcess.RunAsync(Server, Home(user), "register", user));

    /// <summary>Starts <c>logchat</c> as <paramref name="user"/> with <paramref name="arguments"/>; disposed by the caller.</summary>
    public ClientProcess Start(string user, params string[] arguments) => ClientProcess.Start(Server, Home(user), arguments);

    /// <summary>As <see cref="Start"/>, with the <c>logchat</c> executable at <paramref name="program"/> (an installed one).</summary>
    public ClientProcess StartProgram(string program, string user, params string[] arguments) =>
        ClientProcess.StartProgram(program, ProcessLauncher.Local, Server, Home(user), arguments);

    /// <summary>Removes <paramref name="user"/>'s profile from this device (a lost or wiped device).</summary>
    public void LoseProfile(string user) => Directory.Delete(Path.Combine(Home(user), user), recursive: true);

    /// <summary>A file in <paramref name="user"/>'s home folder holding <paramref name="password"/>, for <c>--password-file</c>.</summary>
    public string PasswordFile(string user, string password)
    {
        var path = Path.Combine(Home(user), "password-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, password + "\n");
        return path;
    }

    /// <summary>The listen port kept in <paramref name="user"/>'s profile.</summary>
    public int ListenPortOf(string user)
    {
        using var settings = global::System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Home(user), user, "network.json")));
        return settings.RootElement.GetProperty("listenPort").GetInt32();
    }

    /// <summary>The row of <paramref name="user"/>'s presence: (nat_type, can_accept_inbound, measured_at is set).</summary>
    public async Task<(string NatType, bool CanAcceptInbound, bool Measured)> PresenceAsync(string user)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand(
            "SELECT p.nat_type, p.can_accept_inbound, p.measured_at IS NOT NULL FROM user_presence p JOIN users u ON u.id = p.user_id WHERE u.username = $1",
            connection) { Parameters = { new() { Value = user } } };
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No presence row for {user}.");
        return (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
    }

    /// <summary>The port of the only session's host, while it has one.</summary>
    public async Task<int?> HostPortAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand("SELECT host_port FROM sessions", connection);
        return await query.ExecuteScalarAsync() is int port ? port : null;
    }

    /// <summary>The only session row: (state, end_reason).</summary>
    public async Task<(string State, string? EndReason)> SessionAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var query = new NpgsqlCommand("SELECT state, end_reason FROM sessions", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "No session row.");
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    /// <summary>Every row of every table in the database, as text (a dump of the data).</summary>
    public async Task<string> DumpAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new global::System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM {table} AS t", connection);
            await using var rows = await select.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                dump.AppendLine(rows.GetString(0));
            }
        }

        return dump.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Alice?.Dispose();
        Bob?.Dispose();
        Relay.Dispose();
        Gateway.Dispose();
        await Database.DisposeAsync();
        if (Directory.Exists(_homes))
        {
            Directory.Delete(_homes, recursive: true);
        }
    }

    private string Home(string user) => Path.Combine(_homes, user);

    /// <summary>The bytes of every file the two clients' profiles hold (their homes and everything below).</summary>
    public IEnumerable<(string Path, byte[] Bytes)> ProfileFiles() =>
        Directory.EnumerateFiles(_homes, "*", SearchOption.AllDirectories).Select(path => (path, File.ReadAllBytes(path)));
}
