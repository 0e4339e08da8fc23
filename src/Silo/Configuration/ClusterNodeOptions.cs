namespace LogChat.Silo.Configuration;

/// <summary>How a silo joins the LogChat cluster (section <c>LogChat:Cluster</c>). Defaults suit one node on loopback.</summary>
public sealed class ClusterNodeOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "LogChat:Cluster";

    /// <summary>
    /// The section bound to Orleans' <c>ClusterMembershipOptions</c> (probe timeouts, missed probes, votes):
    /// how fast a silo that stopped answering is declared dead. Unset keys keep Orleans' defaults.
    /// </summary>
    public const string MembershipSectionName = SectionName + ":Membership";

    /// <summary>Silos with the same cluster id form one cluster through the membership table.</summary>
    public string ClusterId { get; set; } = "logchat-dev";

    /// <summary>Stays the same across deployments: grain state is stored under it.</summary>
    public string ServiceId { get; set; } = "logchat";

    /// <summary>
    /// Port of silo-to-silo traffic, the only port Orleans listens on: no external Orleans client exists (gateways
    /// host their silo), so the Orleans client gateway is off.
    /// </summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The address other silos reach this one at (the pod IP in Kubernetes); never a load-balanced address.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface instead of only the advertised address (containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>The silo's name in the membership table (the pod name in Kubernetes); empty lets Orleans pick one.</summary>
    public string SiloName { get; set; } = "";

    /// <summary>
    /// How many grain locations the silo caches (Orleans' <c>GrainDirectoryOptions.CacheSize</c>). LogChat's grains
    /// take their own location out when they deactivate (<c>LogChatGrain</c>), so the cache holds live grains', on
    /// this silo and the others it calls; the bound keeps it from growing towards Orleans' default of a million
    /// entries (docs/benchmarks.md, soak). Size it to the grains a silo works with at once: about twice the clients
    /// of a gateway.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 50_000;

    /// <summary>Mutual TLS of silo-to-silo traffic; required unless the silo listens on loopback only.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();
}
