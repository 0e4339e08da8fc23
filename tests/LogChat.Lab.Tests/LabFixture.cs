using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using LogChat.Lab.Tests.Network;
using LogChat.Testing;

namespace LogChat.Lab.Tests;

/// <summary>
/// The lab of a test run: a <see cref="NetworkLab"/> with one client site of each kind (two clients behind the cone
/// router), the coordinator on the server machine (a TLS gateway on https://203.0.113.1:50051, its certificate from
/// a throwaway CA, on a fresh database) with one relay beside it (203.0.113.1:50061), and one registered user per
/// client machine, named after it.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    private const int GatewayPort = 50051;
    private static readonly LabSiteSpec[] Sites =
    [
        new("public1", SiteKind.Public),
        new("public2", SiteKind.Public),
        new("forwarded", SiteKind.Forwarded),
        new("forwardedb", SiteKind.Forwarded),
        new("cone", SiteKind.Cone, Clients: 2),
        new("coneb", SiteKind.Cone),
        new("symmetric", SiteKind.Symmetric),
        new("symmetricb", SiteKind.Symmetric),
    ];

    private static readonly TimeSpan RegisterPatience = TimeSpan.FromSeconds(60);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "logchat-lab-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, LabClient> _clients = [];
    private readonly List<ClientProcess> _processes = [];
    private readonly Lock _gate = new();
    private NetworkLab? _network;
    private TestDatabase? _database;
    private GatewayProcess? _gateway;
    private LabRelay? _relay;

    /// <summary>The coordinator URL every client is given.</summary>
    public string Server { get; private set; } = string.Empty;

    /// <summary>How long building the lab took, from the first namespace to the last user registered.</summary>
    public TimeSpan SetupTime { get; private set; }

    public NetworkLab Network => _network ?? throw new InvalidOperationException("The lab is not built.");

    /// <summary>The relay the coordinator sends pairs with no direct path to.</summary>
    public LabRelay Relay => _relay ?? throw new InvalidOperationException("The lab is not built.");

    public LabClient Public1 => Client("public1");

    public LabClient Public2 => Client("public2");

    public LabClient Forwarded => Client("forwarded1");

    public LabClient Cone1 => Client("cone1");

    public LabClient Cone2 => Client("cone2");

    public LabClient Symmetric => Client("symmetric1");

    /// <summary>Two clients of every kind of site, each behind a router of its own: an initiator and a responder.</summary>
    public (LabClient Initiator, LabClient Responder) PairOf(SiteKind initiator, SiteKind responder) =>
        (First(initiator), initiator == responder ? Second(responder) : First(responder));

    public async Task InitializeAsync()
    {
        LabPrerequisites.Require();
        var clock = Stopwatch.StartNew();
        try
        {
            await NetworkLab.RemoveLeftoversAsync();
            _network = await NetworkLab.CreateAsync(Sites);
            Directory.CreateDirectory(_folder);
            await StartCoordinatorAsync();
            await RegisterEveryoneAsync();
            SetupTime = clock.Elapsed;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>logchat ARGUMENTS</c> for <paramref name="client"/> on its machine; the lab ends it at teardown.</summary>
    public ClientProcess Start(LabClient client, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(client);
        var process = ClientProcess.Start(client.Launcher, Server, client.Home, [.. arguments, .. client.Options]);
        lock (_gate)
        {
            _processes.Add(process);
        }

        return process;
    }

    public async Task DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var process in _processes)
            {
                process.Dispose();
            }

            _processes.Clear();
        }

        _gateway?.Dispose();
        _relay?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private LabClient Client(string machine) => _clients[machine];

    private LabClient First(SiteKind kind) => kind switch
    {
        SiteKind.Public => Public1,
        SiteKind.Forwarded => Forwarded,
        SiteKind.Cone => Cone1,
        _ => Symmetric,
    };

    private LabClient Second(SiteKind kind) => kind switch
    {
        SiteKind.Public => Public2,
        SiteKind.Forwarded => Client("forwardedb1"),
        SiteKind.Cone => Client("coneb1"),
        _ => Client("symmetricb1"),
    };

    private async Task StartCoordinatorAsync()
    {
        var server = Network.Server;
        var pfxPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var (caPem, gatewayPfx) = ThrowawayCa.Write(_folder, server.Address, pfxPassword);
        Server = string.Create(CultureInfo.InvariantCulture, $"https://{server.Address}:{GatewayPort}");
        _database = await PostgresServer.CreateDatabaseAsync();
        var ticketKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _relay = await LabRelay.StartAsync(server, ticketKey);
        var settings = new Dictionary<string, string>
        {
            ["Gateway__CertificatePath"] = gatewayPfx,
            ["Gateway__CertificatePassword"] = pfxPassword,
            // The server namespace is the lab's own: the default silo port is free there.
            ["Cluster__SiloPort"] = "11111",
            // The second port clients measure their NAT's mapping against, as run.sh and the manifests set it.
            ["Gateway__ProbePort"] = "50053",
            // The relay, with the key it checks tickets with.
            ["Relays__0__Id"] = LabRelay.Id,
            ["Relays__0__Endpoint"] = _relay.Endpoint,
            ["RelayTickets__Keys__0__Id"] = "0",
            ["RelayTickets__Keys__0__Secret"] = ticketKey,
        };
        _gateway = await GatewayProcess.StartAsync(
            server.Launcher,
            await LabDatabase.ConnectionStringOverUnixSocketAsync(_database),
            new Uri(Server),
            settings,
            () => server.IsListeningAsync(GatewayPort));

        foreach (var site in Sites.Select(spec => Network.Site(spec.Name)))
        {
            foreach (var machine in site.Clients)
            {
                // The lab's CA is the only root a client trusts: SSL_CERT_FILE names it, and an empty SSL_CERT_DIR
                // keeps the system's roots out.
                var launcher = machine.Launcher.With("SSL_CERT_FILE", caPem).With("SSL_CERT_DIR", string.Empty);
                // A user who forwarded a port on the router says which one; nobody else sets anything.
                string[] options = site.Kind == SiteKind.Forwarded
                    ? ["--listen-port", NetworkLab.ForwardedPort.ToString(CultureInfo.InvariantCulture)]
                    : [];
                _clients.Add(machine.Name, new LabClient(machine.Name, machine, Path.Combine(_folder, "homes", machine.Name), launcher, options));
            }
        }
    }

    private async Task RegisterEveryoneAsync() =>
        await Task.WhenAll(_clients.Values.Select(async client =>
        {
            using var register = ClientProcess.Start(client.Launcher, Server, client.Home, "register", client.Username);
            register.CloseInput();
            var exitCode = await register.WaitForExitAsync(RegisterPatience);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"Registering {client} on {client.Host.Namespace} failed with {exitCode}:\n{register.Status}");
            }
        }));
}
