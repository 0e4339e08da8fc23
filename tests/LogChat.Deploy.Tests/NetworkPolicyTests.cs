using System.Text.Json.Nodes;
using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class NetworkPolicyTests(RenderedOverlays overlays)
{
    private const int GrpcPort = 50051;
    private const int ProbePort = 50053;
    private const int AdminPort = 9090;
    private static readonly int[] SiloPorts = [11111];

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Gateways_accept_connections_from_anywhere_only_on_the_gRPC_and_probe_ports(string overlay)
    {
        var access = IngressAccess.Of(overlays[overlay], overlays[overlay].Gateway);

        Assert.True(access.IsIsolated, "no NetworkPolicy selects the gateways, so every port is open");
        Assert.Equal([GrpcPort, ProbePort], access.PortsOpenToAnywhere());
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Headless_silos_accept_no_connection_from_anywhere(string overlay)
    {
        var access = IngressAccess.Of(overlays[overlay], overlays[overlay].Silo);

        Assert.True(access.IsIsolated, "no NetworkPolicy selects the headless silos, so every port is open");
        Assert.Empty(access.PortsOpenToAnywhere());
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Silo_ports_accept_only_the_LogChat_silos_of_the_same_namespace(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var silo in manifests.LogChatSilos)
        {
            var access = IngressAccess.Of(manifests, silo);
            foreach (var port in SiloPorts)
            {
                Assert.False(access.AllowsFromAnywhere(port), $"{silo}: port {port} is open to anywhere");
                var peers = access.PeersAllowedOn(port);
                Assert.True(peers.Count > 0, $"{silo}: port {port} admits nobody, so the silos cannot form a cluster");
                Assert.All(peers, peer => AssertSelectsExactlyTheLogChatSilos(manifests, peer));
            }
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_admin_port_accepts_only_pods_selected_by_label_for_monitoring(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var silo in manifests.LogChatSilos)
        {
            var access = IngressAccess.Of(manifests, silo);

            Assert.False(access.AllowsFromAnywhere(AdminPort), $"{silo}: the admin port {AdminPort} is open to anywhere");
            Assert.All(access.PeersAllowedOn(AdminPort), peer => Assert.True(
                LabelSelector.IsRestrictive(peer["podSelector"]) || LabelSelector.IsRestrictive(peer["namespaceSelector"]),
                $"{silo}: a peer of the admin port selects by no label"));
        }
    }

    [Fact]
    public void In_dev_PostgreSQL_accepts_only_the_LogChat_silos()
    {
        var manifests = overlays[RenderedOverlays.Dev];
        var postgres = Assert.Single(manifests.Workloads, workload => workload.Kind == "StatefulSet");
        var access = IngressAccess.Of(manifests, postgres);

        Assert.True(access.IsIsolated, "no NetworkPolicy selects PostgreSQL");
        Assert.Empty(access.PortsOpenToAnywhere());
        var peers = access.PeersAllowedOn(5432);
        Assert.NotEmpty(peers);
        Assert.All(peers, peer => AssertSelectsExactlyTheLogChatSilos(manifests, peer));
    }

    // Same namespace (no namespaceSelector), every gateway and headless silo, and no other workload.
    private static void AssertSelectsExactlyTheLogChatSilos(RenderedManifests manifests, JsonObject peer)
    {
        Assert.Null(peer["namespaceSelector"]);
        Assert.Null(peer["ipBlock"]);
        Assert.True(LabelSelector.IsRestrictive(peer["podSelector"]), "a peer selects every pod of the namespace");
        var silos = manifests.LogChatSilos.Select(silo => silo.Name).ToHashSet();
        foreach (var workload in manifests.Workloads)
        {
            Assert.True(LabelSelector.Matches(peer["podSelector"], workload.PodLabels) == silos.Contains(workload.Name),
                $"a peer selector {(silos.Contains(workload.Name) ? "misses" : "also selects")} {workload}");
        }
    }
}
