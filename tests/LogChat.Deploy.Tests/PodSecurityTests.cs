using System.Text.Json.Nodes;
using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class PodSecurityTests(RenderedOverlays overlays)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_container_init_containers_included_runs_as_a_numeric_non_root_user(string overlay)
    {
        foreach (var (workload, container) in EveryContainer(overlay))
        {
            Assert.True(Effective(workload, container, "runAsNonRoot").Bool() == true, $"{Describe(workload, container)}: runAsNonRoot is not true");
            Assert.True(Effective(workload, container, "runAsUser").Number() > 0, $"{Describe(workload, container)}: runAsUser is not a numeric non-root UID");
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_container_has_a_read_only_root_filesystem_no_privilege_escalation_and_no_capabilities(string overlay)
    {
        foreach (var (workload, container) in EveryContainer(overlay))
        {
            var context = container["securityContext"];
            Assert.True(context?["readOnlyRootFilesystem"].Bool() == true, $"{Describe(workload, container)}: the root filesystem is writable");
            Assert.True(context?["allowPrivilegeEscalation"].Bool() == false, $"{Describe(workload, container)}: privilege escalation is not turned off");
            Assert.True(context?["capabilities"]?["drop"].Texts().Contains("ALL") == true, $"{Describe(workload, container)}: capabilities are not all dropped");
            Assert.True(Effective(workload, container, "seccompProfile")?["type"].Text() == "RuntimeDefault",
                $"{Describe(workload, container)}: no RuntimeDefault seccomp profile");
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_LogChat_container_writes_only_to_a_tmp_emptyDir(string overlay)
    {
        foreach (var silo in overlays[overlay].LogChatSilos)
        {
            var emptyDirs = silo.PodSpec["volumes"].Objects()
                .Where(volume => volume["emptyDir"] is not null)
                .Select(volume => volume["name"].Text())
                .ToHashSet();
            foreach (var container in silo.AllContainers)
            {
                var tmp = container["volumeMounts"].Objects().SingleOrDefault(mount => mount["mountPath"].Text() == "/tmp");
                Assert.True(tmp is not null && emptyDirs.Contains(tmp["name"].Text()), $"{Describe(silo, container)}: /tmp is not an emptyDir");
                Assert.All(container["volumeMounts"].Objects().Where(mount => !emptyDirs.Contains(mount["name"].Text())),
                    mount => Assert.True(mount["readOnly"].Bool() == true, $"{Describe(silo, container)}: {mount["mountPath"].Text()} is writable"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_container_has_cpu_and_memory_requests_and_limits(string overlay)
    {
        foreach (var (workload, container) in EveryContainer(overlay))
        {
            foreach (var bound in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container["resources"]?[bound]?[resource].Text() is not null,
                        $"{Describe(workload, container)}: no {resource} in resources.{bound}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void No_pod_gets_a_Kubernetes_API_token(string overlay)
    {
        foreach (var workload in overlays[overlay].Workloads)
        {
            Assert.True(workload.PodSpec["automountServiceAccountToken"].Bool() == false, $"{workload}: the service account token is mounted");
        }
    }

    private List<(Workload Workload, JsonObject Container)> EveryContainer(string overlay)
    {
        var all = overlays[overlay].Workloads
            .SelectMany(workload => workload.AllContainers.Select(container => (workload, container)))
            .ToList();
        Assert.NotEmpty(all);
        return all;
    }

    // A container's own securityContext setting wins over the pod's.
    private static JsonNode? Effective(Workload workload, JsonObject container, string setting) =>
        container["securityContext"]?[setting] ?? workload.PodSpec["securityContext"]?[setting];

    private static string Describe(Workload workload, JsonObject container) => $"{workload}, container {container["name"].Text()}";
}
