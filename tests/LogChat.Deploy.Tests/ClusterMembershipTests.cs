using System.Globalization;
using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class ClusterMembershipTests(RenderedOverlays overlays)
{
    private const string Prefix = "LOGCHAT_LogChat__";

    // LogChat:Shutdown:Timeout when nothing sets it.
    private static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void LogChat_silos_read_POD_NAME_and_POD_IP_from_the_downward_API(string overlay)
    {
        foreach (var silo in overlays[overlay].LogChatSilos)
        {
            var env = silo.MainContainer["env"].Objects().ToList();

            Assert.Equal("metadata.name", env.Single(entry => entry["name"].Text() == "POD_NAME")["valueFrom"]?["fieldRef"]?["fieldPath"].Text());
            Assert.Equal("status.podIP", env.Single(entry => entry["name"].Text() == "POD_IP")["valueFrom"]?["fieldRef"]?["fieldPath"].Text());
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void LogChat_silos_are_named_after_their_pod_and_advertise_the_pod_IP_while_listening_on_every_address(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var silo in manifests.LogChatSilos)
        {
            var container = silo.MainContainer;
            var names = container["env"].Objects().Select(entry => entry["name"].Text()).ToList();

            Assert.Equal("$(POD_NAME)", manifests.EnvironmentValue(silo, container, Prefix + "Cluster__SiloName"));
            Assert.Equal("$(POD_IP)", manifests.EnvironmentValue(silo, container, Prefix + "Cluster__AdvertisedIP"));
            Assert.Equal("true", manifests.EnvironmentValue(silo, container, Prefix + "Cluster__ListenOnAnyHostAddress"));
            // Kubernetes expands $(VAR) only from variables listed earlier.
            Assert.True(names.IndexOf("POD_NAME") < names.IndexOf(Prefix + "Cluster__SiloName"), $"{silo}: POD_NAME is listed after the silo name that uses it");
            Assert.True(names.IndexOf("POD_IP") < names.IndexOf(Prefix + "Cluster__AdvertisedIP"), $"{silo}: POD_IP is listed after the address that uses it");
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Gateways_and_headless_silos_agree_on_cluster_id_service_id_and_ports(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var setting in new[] { "Cluster__ClusterId", "Cluster__ServiceId", "Cluster__SiloPort" })
        {
            var values = manifests.LogChatSilos
                .Select(silo => manifests.EnvironmentValue(silo, silo.MainContainer, Prefix + setting))
                .ToList();

            Assert.All(values, value => Assert.False(string.IsNullOrEmpty(value), $"{Prefix}{setting} is not set"));
            Assert.Single(values.Distinct());
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Termination_grace_outlasts_the_preStop_pause_plus_the_configured_shutdown_timeout(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var silo in manifests.LogChatSilos)
        {
            var container = silo.MainContainer;
            var configured = manifests.EnvironmentValue(silo, container, Prefix + "Shutdown__Timeout");
            var shutdown = configured is null ? DefaultShutdownTimeout : TimeSpan.Parse(configured, CultureInfo.InvariantCulture);
            var preStop = TimeSpan.FromSeconds(container["lifecycle"]?["preStop"]?["sleep"]?["seconds"].Number() ?? 0);
            // Kubernetes' default when the field is absent.
            var grace = TimeSpan.FromSeconds(silo.PodSpec["terminationGracePeriodSeconds"].Number() ?? 30);

            Assert.True(grace > preStop + shutdown, $"{silo}: {grace} of grace does not cover a {preStop} preStop pause plus a {shutdown} shutdown");
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_LogChat_pod_applies_the_schema_in_a_migrate_init_container_before_its_silo_starts(string overlay)
    {
        var manifests = overlays[overlay];
        var siloImage = manifests.Silo.MainContainer["image"].Text();
        foreach (var silo in manifests.LogChatSilos)
        {
            var migrate = silo.InitContainers.SingleOrDefault(container => container["args"].Texts().FirstOrDefault() == "migrate");

            Assert.True(migrate is not null, $"{silo}: no init container runs `LogChat.Silo migrate`");
            Assert.Equal(siloImage, migrate["image"].Text());
            Assert.Equal(
                DatabaseSecret(silo.MainContainer),
                DatabaseSecret(migrate));
            Assert.Equal("false", manifests.EnvironmentValue(silo, silo.MainContainer, Prefix + "Database__MigrateOnStart"));
        }
    }

    private static string? DatabaseSecret(System.Text.Json.Nodes.JsonObject container)
    {
        var reference = container["env"].Objects()
            .SingleOrDefault(entry => entry["name"].Text() == Prefix + "Database__ConnectionString")?["valueFrom"]?["secretKeyRef"];
        return reference is null ? null : $"{reference["name"].Text()}/{reference["key"].Text()}";
    }
}
