using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class ProbeTests(RenderedOverlays overlays)
{
    private const int HealthPort = 50052;

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_container_of_every_Deployment_and_StatefulSet_has_readiness_and_liveness_probes(string overlay)
    {
        var workloads = overlays[overlay].Workloads.ToList();

        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            foreach (var container in workload.Containers)
            {
                Assert.True(container["readinessProbe"] is not null, $"{workload}: container {container["name"].Text()} has no readiness probe");
                Assert.True(container["livenessProbe"] is not null, $"{workload}: container {container["name"].Text()} has no liveness probe");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void LogChat_silos_probe_gRPC_health_on_port_50052_at_startup_for_readiness_and_for_liveness(string overlay)
    {
        foreach (var silo in overlays[overlay].LogChatSilos)
        {
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                Assert.True(silo.MainContainer[probe]?["grpc"]?["port"].Number() == HealthPort,
                    $"{silo}: the {probe} is not a gRPC health probe on port {HealthPort}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void A_LogChat_silo_is_taken_out_of_service_long_before_it_is_restarted(string overlay)
    {
        foreach (var silo in overlays[overlay].LogChatSilos)
        {
            var container = silo.MainContainer;

            Assert.True(TimeToFail(container["livenessProbe"]!) >= 3 * TimeToFail(container["readinessProbe"]!),
                $"{silo}: liveness gives up less than three times as late as readiness, so a draining or briefly unhealthy silo may be killed");
        }
    }

    private static int TimeToFail(System.Text.Json.Nodes.JsonNode probe) =>
        (probe["periodSeconds"].Number() ?? 10) * (probe["failureThreshold"].Number() ?? 3);
}
