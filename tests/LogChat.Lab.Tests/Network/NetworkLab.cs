using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace LogChat.Lab.Tests.Network;

/// <summary>
/// A network of namespaces: an "internet" bridge on TEST-NET-3 (203.0.113.0/24) with a server machine on 203.0.113.1
/// and client sites, each a public machine or a router (nftables NAT) with a 192.168.x.0/24 LAN of clients. Nothing
/// is connected to this machine's own network: traffic stays among the lab's namespaces.
/// Every namespace is named <c>lclab-PID-N-...</c> (the test process and its lab number), so that parallel runs keep
/// apart and the namespaces of a run that was killed are recognised and removed by the next one.
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    /// <summary>The port a <see cref="SiteKind.Forwarded"/> router forwards to its client, on both sides.</summary>
    public const int ForwardedPort = 40000;

    private const string Prefix = "lclab-";
    private const string Bridge = "internet";
    private static int s_labs;
    private readonly List<string> _namespaces = [];
    private readonly Dictionary<string, LabSite> _sites = [];
    private readonly string _id;
    private int _ports;

    private NetworkLab()
    {
        _id = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Interlocked.Increment(ref s_labs)}");
        Server = new LabHost("server", $"{_id}-server", IPAddress.Parse("203.0.113.1"));
    }

    /// <summary>The server machine, on the internet at 203.0.113.1.</summary>
    public LabHost Server { get; }

    /// <summary>Every namespace the lab made.</summary>
    public IReadOnlyList<string> Namespaces => _namespaces;

    private string Internet => $"{_id}-internet";

    /// <summary>Builds the internet, the server machine and <paramref name="sites"/>.</summary>
    public static async Task<NetworkLab> CreateAsync(IEnumerable<LabSiteSpec> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var lab = new NetworkLab();
        try
        {
            await lab.AddNamespaceAsync(lab.Internet);
            await HostCommand.IpAsync("-n", lab.Internet, "link", "add", Bridge, "type", "bridge");
            await HostCommand.IpAsync("-n", lab.Internet, "link", "set", Bridge, "up");
            await lab.AddNamespaceAsync(lab.Server.Namespace);
            await lab.ConnectToInternetAsync(lab.Server.Namespace, "eth0", lab.Server.Address);
            var index = 0;
            foreach (var spec in sites)
            {
                var site = spec.Kind == SiteKind.Public
                    ? await lab.AddPublicSiteAsync(spec, index)
                    : await lab.AddRouterSiteAsync(spec, index);
                lab._sites.Add(spec.Name, site);
                index++;
            }

            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>The names of every network namespace on this machine.</summary>
    public static async Task<IReadOnlyList<string>> ListNamespacesAsync() =>
        (await HostCommand.IpAsync("netns", "list"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();

    /// <summary>Removes the namespaces of lab runs whose test process is gone (killed), and ends what still runs in them.</summary>
    public static async Task RemoveLeftoversAsync()
    {
        foreach (var name in await ListNamespacesAsync())
        {
            if (OwnerOf(name) is { } owner && owner != Environment.ProcessId && !Directory.Exists($"/proc/{owner}"))
            {
                await RemoveNamespaceAsync(name);
            }
        }
    }

    /// <summary>The site named <paramref name="name"/>.</summary>
    public LabSite Site(string name) => _sites[name];

    /// <summary>Ends every process left in the lab's namespaces and removes them; throws if one could not be removed.</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<string>();
        foreach (var name in Enumerable.Reverse(_namespaces))
        {
            try
            {
                await RemoveNamespaceAsync(name);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        _namespaces.Clear();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException("The lab left namespaces behind: " + string.Join("; ", failures));
        }
    }

    // The test process that made a lab namespace: the number after the prefix.
    private static int? OwnerOf(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal)
        && int.TryParse(name[Prefix.Length..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    private static async Task RemoveNamespaceAsync(string name)
    {
        var pids = await HostCommand.IpAsync("netns", "pids", name);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            EndProcess(int.Parse(pid, CultureInfo.InvariantCulture));
        }

        await HostCommand.IpAsync("netns", "delete", name);
    }

    private static void EndProcess(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (ArgumentException)
        {
            // It ended on its own meanwhile.
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        await HostCommand.IpAsync("netns", "add", name);
        _namespaces.Add(name);
        await HostCommand.IpAsync("-n", name, "link", "set", "lo", "up");
    }

    // A cable from NAME's interface INTERFACE, with ADDRESS/24, to a port of the internet bridge.
    private async Task ConnectToInternetAsync(string name, string @interface, IPAddress address)
    {
        var port = string.Create(CultureInfo.InvariantCulture, $"port{_ports++}");
        await CableAsync(name, @interface, Internet, port);
        await HostCommand.IpAsync("-n", Internet, "link", "set", port, "master", Bridge);
        await HostCommand.IpAsync("-n", Internet, "link", "set", port, "up");
        await AddressAsync(name, @interface, address);
    }

    private async Task<LabSite> AddPublicSiteAsync(LabSiteSpec spec, int index)
    {
        if (spec.Clients != 1)
        {
            throw new ArgumentException($"The public site {spec.Name} is one machine: it cannot have {spec.Clients} clients.", nameof(spec));
        }

        var client = new LabHost(spec.Name, $"{_id}-{spec.Name}", PublicAddressOf(index));
        await AddNamespaceAsync(client.Namespace);
        await ConnectToInternetAsync(client.Namespace, "eth0", client.Address);
        return new LabSite(spec.Name, spec.Kind, client.Address, [client]);
    }

    private async Task<LabSite> AddRouterSiteAsync(LabSiteSpec spec, int index)
    {
        var router = $"{_id}-{spec.Name}-router";
        var publicAddress = PublicAddressOf(index);
        var lan = (index + 1).ToString(CultureInfo.InvariantCulture);
        var gateway = IPAddress.Parse($"192.168.{lan}.1");
        await AddNamespaceAsync(router);
        await ConnectToInternetAsync(router, "wan", publicAddress);
        await HostCommand.IpAsync("-n", router, "link", "add", "lan", "type", "bridge");
        await AddressAsync(router, "lan", gateway);
        // Written by a process inside the namespace: /proc/sys/net shows the namespace of whoever opens it.
        await HostCommand.InNamespaceAsync(router, ["sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"]);

        var clients = new List<LabHost>();
        for (var number = 1; number <= spec.Clients; number++)
        {
            var client = new LabHost(
                string.Create(CultureInfo.InvariantCulture, $"{spec.Name}{number}"),
                string.Create(CultureInfo.InvariantCulture, $"{_id}-{spec.Name}-{number}"),
                IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"192.168.{lan}.{number + 1}")));
            var port = string.Create(CultureInfo.InvariantCulture, $"lan{number}");
            await AddNamespaceAsync(client.Namespace);
            await CableAsync(client.Namespace, "eth0", router, port);
            await HostCommand.IpAsync("-n", router, "link", "set", port, "master", "lan");
            await HostCommand.IpAsync("-n", router, "link", "set", port, "up");
            await AddressAsync(client.Namespace, "eth0", client.Address);
            await HostCommand.IpAsync("-n", client.Namespace, "route", "add", "default", "via", gateway.ToString());
            clients.Add(client);
        }

        await HostCommand.InNamespaceAsync(router, ["nft", "-f", "-"], RouterRules.For(spec.Kind, clients[0].Address));
        return new LabSite(spec.Name, spec.Kind, publicAddress, clients);
    }

    private static IPAddress PublicAddressOf(int siteIndex) =>
        IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"203.0.113.{10 + siteIndex}"));

    // A veth pair made straight in the two namespaces: no interface ever appears in this machine's own namespace.
    private static async Task CableAsync(string fromNamespace, string fromInterface, string toNamespace, string toInterface) =>
        await HostCommand.IpAsync("link", "add", fromInterface, "netns", fromNamespace, "type", "veth", "peer", "name", toInterface, "netns", toNamespace);

    private static async Task AddressAsync(string name, string @interface, IPAddress address)
    {
        await HostCommand.IpAsync("-n", name, "address", "add", $"{address}/24", "dev", @interface);
        await HostCommand.IpAsync("-n", name, "link", "set", @interface, "up");
    }
}
