using System.Text.Json.Nodes;

namespace LogChat.Deploy.Tests.Rendering;

/// <summary>
/// What the NetworkPolicies of a namespace let into one workload's pods, by Kubernetes' rules: a pod selected
/// by no Ingress policy accepts everything; otherwise it accepts the union of what the selecting policies allow.
/// </summary>
public sealed class IngressAccess
{
    private readonly Workload _workload;
    private readonly IReadOnlyList<JsonObject> _rules;

    private IngressAccess(Workload workload, IReadOnlyList<JsonObject> rules, bool isolated)
    {
        _workload = workload;
        _rules = rules;
        IsIsolated = isolated;
    }

    /// <summary>Whether any Ingress NetworkPolicy selects the pods, so that only what policies allow gets in.</summary>
    public bool IsIsolated { get; }

    public static IngressAccess Of(RenderedManifests manifests, Workload workload)
    {
        var policies = manifests.OfKind("NetworkPolicy")
            .Where(policy => policy["metadata"]?["namespace"].Text() == workload.Namespace)
            .Where(policy => LabelSelector.Matches(policy["spec"]?["podSelector"], workload.PodLabels))
            .Where(IsIngressPolicy)
            .ToList();
        var rules = policies.SelectMany(policy => policy["spec"]?["ingress"].Objects() ?? []).ToList();
        return new IngressAccess(workload, rules, policies.Count > 0);
    }

    /// <summary>Whether a connection from any address may reach <paramref name="port"/>.</summary>
    public bool AllowsFromAnywhere(int port) =>
        !IsIsolated || RulesCovering(port).Any(rule => !rule["from"].Objects().Any() || rule["from"].Objects().Any(IsAnywhere));

    /// <summary>The peers the policies allow on <paramref name="port"/>; call only when not <see cref="AllowsFromAnywhere"/>.</summary>
    public IReadOnlyList<JsonObject> PeersAllowedOn(int port) => RulesCovering(port).SelectMany(rule => rule["from"].Objects()).ToList();

    /// <summary>The container ports of the workload that any address may reach.</summary>
    public IReadOnlyList<int> PortsOpenToAnywhere() =>
        _workload.Containers.SelectMany(container => container["ports"].Objects())
            .Select(port => port["containerPort"].Number())
            .OfType<int>()
            .Where(AllowsFromAnywhere)
            .Order()
            .ToList();

    private IEnumerable<JsonObject> RulesCovering(int port) =>
        _rules.Where(rule => !rule["ports"].Objects().Any() || rule["ports"].Objects().Any(entry => Covers(entry, port)));

    private bool Covers(JsonObject entry, int port)
    {
        if (entry["protocol"].Text() is { } protocol && protocol != "TCP")
        {
            return false;
        }

        var first = entry["port"].Number() ?? NamedPort(entry["port"].Text());
        if (first is null)
        {
            return entry["port"] is null;
        }

        var last = entry["endPort"].Number() ?? first;
        return port >= first && port <= last;
    }

    private int? NamedPort(string? name) =>
        name is null ? null : _workload.Containers.SelectMany(container => container["ports"].Objects())
            .FirstOrDefault(port => port["name"].Text() == name)?["containerPort"].Number();

    // An ipBlock admits addresses outside the cluster; an empty peer ({}) admits nothing more specific either.
    private static bool IsAnywhere(JsonObject peer) =>
        peer["ipBlock"] is not null || (peer["podSelector"] is null && peer["namespaceSelector"] is null);

    private static bool IsIngressPolicy(JsonObject policy)
    {
        var types = policy["spec"]?["policyTypes"].Texts().ToList() ?? [];
        return types.Count == 0 || types.Contains("Ingress");
    }
}
