using System.Globalization;
using System.Text.Json.Nodes;
using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class RelayTests(RenderedOverlays overlays)
{
    private const int RelayPort = 50061;
    private const int HealthPort = 50052;
    private const int AdminPort = 9090;
    private const string TicketSecret = "logchat-relay-tickets";

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_relay_accepts_connections_from_anywhere_only_on_its_relay_port_and_its_admin_port_only_from_monitoring(string overlay)
    {
        var access = IngressAccess.Of(overlays[overlay], overlays[overlay].Relay);

        Assert.True(access.IsIsolated, "no NetworkPolicy selects the relay, so every port is open");
        Assert.Equal([RelayPort], access.PortsOpenToAnywhere());
        Assert.All(access.PeersAllowedOn(AdminPort), peer => Assert.True(
            LabelSelector.IsRestrictive(peer["podSelector"]) || LabelSelector.IsRestrictive(peer["namespaceSelector"]),
            "a peer of the relay's admin port selects by no label"));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_relay_Service_sends_the_relay_port_to_the_relay_pods_only(string overlay)
    {
        var manifests = overlays[overlay];
        var service = RelayService(manifests);
        var selector = new JsonObject { ["matchLabels"] = service["spec"]?["selector"]?.DeepClone() };

        Assert.True(LabelSelector.Matches(selector, manifests.Relay.PodLabels), "the Service does not select the relay");
        Assert.All(manifests.LogChatSilos, silo => Assert.False(LabelSelector.Matches(selector, silo.PodLabels), $"the relay Service also selects {silo}"));
        var port = Assert.Single(service["spec"]?["ports"].Objects() ?? []);
        Assert.Equal(RelayPort, port["port"].Number());
        Assert.Equal(RelayPort, manifests.Relay.MainContainer["ports"].Objects().Single(p => p["name"].Text() == port["targetPort"].Text())["containerPort"].Number());
    }

    [Fact]
    public void In_prod_clients_reach_the_relay_through_a_load_balancer_that_keeps_their_address()
    {
        var service = RelayService(overlays[RenderedOverlays.Prod]);

        Assert.Equal("LoadBalancer", service["spec"]?["type"].Text());
        Assert.Equal("Local", service["spec"]?["externalTrafficPolicy"].Text());
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_relay_scales_with_an_autoscaler_and_its_pods_find_each_other_through_a_headless_Service(string overlay)
    {
        var manifests = overlays[overlay];
        var relay = manifests.Relay;
        var container = relay.MainContainer;

        var autoscaler = Assert.Single(manifests.OfKind("HorizontalPodAutoscaler"), hpa => hpa["spec"]?["scaleTargetRef"]?["name"].Text() == relay.Name);
        Assert.True(autoscaler["spec"]?["minReplicas"].Number() >= 2, "a relay pool of one pod has nothing to share sessions with");
        var peers = manifests.EnvironmentValue(relay, container, "LOGCHAT_LogChat__Relay__Peers__0");
        var headless = Assert.Single(manifests.OfKind("Service"), service => service["metadata"]?["name"].Text() == peers);
        Assert.Equal("None", headless["spec"]?["clusterIP"].Text());
        Assert.True(LabelSelector.Matches(new JsonObject { ["matchLabels"] = headless["spec"]?["selector"]?.DeepClone() }, relay.PodLabels), "the peers Service does not list the relay pods");
        var forwardPort = int.Parse(manifests.EnvironmentValue(relay, container, "LOGCHAT_LogChat__Relay__ForwardPort")!, CultureInfo.InvariantCulture);
        Assert.Contains(container["ports"].Objects(), port => port["containerPort"].Number() == forwardPort);
        var self = container["env"].Objects().Single(variable => variable["name"].Text() == "LOGCHAT_LogChat__Relay__SelfAddress");
        Assert.Equal("status.podIP", self["valueFrom"]?["fieldRef"]?["fieldPath"].Text());
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Only_relay_pods_reach_the_forward_port(string overlay)
    {
        var manifests = overlays[overlay];
        var relay = manifests.Relay;
        var forwardPort = int.Parse(manifests.EnvironmentValue(relay, relay.MainContainer, "LOGCHAT_LogChat__Relay__ForwardPort")!, CultureInfo.InvariantCulture);

        var peers = IngressAccess.Of(manifests, relay).PeersAllowedOn(forwardPort);

        Assert.NotEmpty(peers);
        Assert.All(peers, peer => Assert.True(LabelSelector.Matches(peer["podSelector"], relay.PodLabels) && peer["namespaceSelector"] is null,
            "a peer of the forward port is not the relay pods"));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_relay_probes_gRPC_health_and_a_drain_may_evict_it(string overlay)
    {
        var manifests = overlays[overlay];
        var relay = manifests.Relay;
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.Equal(HealthPort, relay.MainContainer[probe]?["grpc"]?["port"].Number());
        }

        var budget = Assert.Single(manifests.OfKind("PodDisruptionBudget"), budget => LabelSelector.Matches(budget["spec"]?["selector"], relay.PodLabels));
        Assert.True(budget["spec"]?["maxUnavailable"].Number() >= 1, "the relay's budget lets no pod be evicted, so a node drain would hang");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Termination_grace_outlasts_the_preStop_pause_plus_the_relays_drain(string overlay)
    {
        var manifests = overlays[overlay];
        var relay = manifests.Relay;
        var drain = TimeSpan.Parse(manifests.EnvironmentValue(relay, relay.MainContainer, "LOGCHAT_LogChat__Relay__DrainTimeout")!, CultureInfo.InvariantCulture);
        var preStop = TimeSpan.FromSeconds(relay.MainContainer["lifecycle"]?["preStop"]?["sleep"]?["seconds"].Number() ?? 0);
        var grace = TimeSpan.FromSeconds(relay.PodSpec["terminationGracePeriodSeconds"].Number() ?? 30);

        Assert.True(grace > preStop + drain, $"{relay}: {grace} of grace does not cover a {preStop} preStop pause plus a {drain} drain");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Relays_and_gateways_read_the_ticket_keys_from_one_Secret_and_never_from_a_literal(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var workload in new[] { manifests.Relay, manifests.Gateway })
        {
            var keys = workload.MainContainer["env"].Objects().Where(variable => variable["name"].Text()!.StartsWith("LOGCHAT_LogChat__RelayTickets__", StringComparison.Ordinal)).ToList();
            Assert.Contains(keys, variable => variable["name"].Text() == "LOGCHAT_LogChat__RelayTickets__Keys__0__Secret");
            Assert.All(keys, variable =>
            {
                Assert.Null(variable["value"]);
                // Dev's generated Secret carries a content hash after the name.
                Assert.StartsWith(TicketSecret, variable["valueFrom"]?["secretKeyRef"]?["name"].Text() ?? "", StringComparison.Ordinal);
            });
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_gateways_send_clients_to_the_relay_by_its_configured_id(string overlay)
    {
        var manifests = overlays[overlay];
        var relayId = manifests.EnvironmentValue(manifests.Relay, manifests.Relay.MainContainer, "LOGCHAT_LogChat__Relay__Id");

        Assert.Equal(relayId, manifests.EnvironmentValue(manifests.Gateway, manifests.Gateway.MainContainer, "LOGCHAT_LogChat__Relays__0__Id"));
        Assert.EndsWith($":{RelayPort}", manifests.EnvironmentValue(manifests.Gateway, manifests.Gateway.MainContainer, "LOGCHAT_LogChat__Relays__0__Endpoint"), StringComparison.Ordinal);
    }

    private static JsonObject RelayService(RenderedManifests manifests) =>
        manifests.OfKind("Service").Single(service => service["metadata"]?["name"].Text() == RenderedManifests.RelayName);
}
