using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class ClusterTlsTests(RenderedOverlays overlays)
{
    private const string Prefix = "LOGCHAT_LogChat__Cluster__Tls__";
    private const string SecretName = "logchat-cluster-tls";
    private const int OrleansClientGatewayPort = 30000;

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_silo_reads_the_cluster_certificate_key_and_CA_from_the_Secret_mounted_read_only(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var silo in manifests.LogChatSilos)
        {
            var container = silo.MainContainer;
            var volume = silo.PodSpec["volumes"].Objects().Single(v => v["secret"]?["secretName"].Text() == SecretName);
            var mount = container["volumeMounts"].Objects().Single(m => m["name"].Text() == volume["name"].Text());
            var folder = mount["mountPath"].Text()!;

            Assert.True(mount["readOnly"].Bool(), $"{silo}: the cluster certificate is mounted writable");
            Assert.Equal($"{folder}/tls.crt", manifests.EnvironmentValue(silo, container, Prefix + "CertificatePath"));
            Assert.Equal($"{folder}/tls.key", manifests.EnvironmentValue(silo, container, Prefix + "KeyPath"));
            Assert.Equal($"{folder}/ca.crt", manifests.EnvironmentValue(silo, container, Prefix + "CaCertificatePath"));
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void No_pod_declares_or_admits_the_Orleans_client_gateway_port(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var workload in manifests.Workloads)
        {
            Assert.DoesNotContain(workload.AllContainers.SelectMany(c => c["ports"].Objects()), port => port["containerPort"].Number() == OrleansClientGatewayPort);
            Assert.Empty(IngressAccess.Of(manifests, workload).PeersAllowedOn(OrleansClientGatewayPort));
        }
    }
}
