using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class AvailabilityTests(RenderedOverlays overlays)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_LogChat_Deployment_is_covered_by_a_PodDisruptionBudget_that_still_lets_a_drain_proceed(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var silo in manifests.LogChatSilos)
        {
            var budgets = manifests.OfKind("PodDisruptionBudget")
                .Where(budget => budget["metadata"]?["namespace"].Text() == silo.Namespace)
                .Where(budget => LabelSelector.Matches(budget["spec"]?["selector"], silo.PodLabels))
                .ToList();

            var budget = Assert.Single(budgets);
            var allowsOne = budget["spec"]?["maxUnavailable"].Number() >= 1
                || budget["spec"]?["minAvailable"].Number() < silo.Replicas;
            Assert.True(allowsOne, $"{silo}: its PodDisruptionBudget lets no pod be evicted, so a node drain would hang");
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void A_HorizontalPodAutoscaler_scales_the_gateway_Deployment_on_CPU(string overlay)
    {
        var manifests = overlays[overlay];
        var gateway = manifests.Gateway;

        var autoscaler = Assert.Single(manifests.OfKind("HorizontalPodAutoscaler"), hpa =>
            hpa["spec"]?["scaleTargetRef"]?["kind"].Text() == "Deployment"
            && hpa["spec"]?["scaleTargetRef"]?["name"].Text() == gateway.Name
            && hpa["metadata"]?["namespace"].Text() == gateway.Namespace);
        Assert.Equal("autoscaling/v2", autoscaler["apiVersion"].Text());
        Assert.Contains(autoscaler["spec"]?["metrics"].Objects() ?? [], metric => metric["resource"]?["name"].Text() == "cpu");
        Assert.True(autoscaler["spec"]?["minReplicas"].Number() >= 2, "the autoscaler may scale the gateways down to a single pod");
        Assert.True(autoscaler["spec"]?["maxReplicas"].Number() > autoscaler["spec"]?["minReplicas"].Number(), "the autoscaler has no room to scale");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void A_rollout_starts_a_new_pod_before_it_stops_an_old_one(string overlay)
    {
        foreach (var silo in overlays[overlay].LogChatSilos)
        {
            var rolling = silo.Manifest["spec"]?["strategy"]?["rollingUpdate"];

            Assert.Equal("0", rolling?["maxUnavailable"].Text());
            Assert.True(rolling?["maxSurge"].Number() >= 1, $"{silo}: a rollout cannot surge");
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_gRPC_Service_sends_ports_50051_and_50053_to_the_gateways_only(string overlay)
    {
        var manifests = overlays[overlay];
        var service = manifests.OfKind("Service").Single(service => service["metadata"]?["name"].Text() == RenderedManifests.GatewayName);
        var selector = new System.Text.Json.Nodes.JsonObject { ["matchLabels"] = service["spec"]?["selector"]?.DeepClone() };

        Assert.True(LabelSelector.Matches(selector, manifests.Gateway.PodLabels), "the Service does not select the gateways");
        Assert.False(LabelSelector.Matches(selector, manifests.Silo.PodLabels), "the Service also selects headless silos, which serve no gRPC");
        var ports = (service["spec"]?["ports"].Objects() ?? []).Select(port => (port["port"].Number(), port["targetPort"].Number() ?? manifests.Gateway.MainContainer["ports"].Objects()
            .Single(containerPort => containerPort["name"].Text() == port["targetPort"].Text())["containerPort"].Number()));
        Assert.Equal([(50051, 50051), (50053, 50053)], ports);
        Assert.Contains(manifests.Gateway.MainContainer["env"].Objects(), variable =>
            variable["name"].Text() == "LOGCHAT_LogChat__Gateway__ProbePort" && variable["value"].Text() == "50053");
    }

    [Fact]
    public void In_prod_clients_reach_the_gateways_through_a_load_balancer_that_keeps_their_address()
    {
        var service = overlays[RenderedOverlays.Prod].OfKind("Service")
            .Single(service => service["metadata"]?["name"].Text() == RenderedManifests.GatewayName);

        Assert.Equal("LoadBalancer", service["spec"]?["type"].Text());
        Assert.Equal("Local", service["spec"]?["externalTrafficPolicy"].Text());
    }

    [Fact]
    public void Prod_runs_more_gateways_and_headless_silos_than_dev()
    {
        var dev = overlays[RenderedOverlays.Dev];
        var prod = overlays[RenderedOverlays.Prod];

        Assert.True(prod.Gateway.Replicas > dev.Gateway.Replicas);
        Assert.True(prod.Silo.Replicas > dev.Silo.Replicas);
    }
}
