using System.Text.Json.Nodes;

namespace LogChat.Deploy.Tests.Rendering;

/// <summary>The resources of one rendered overlay and the questions the tests ask of them.</summary>
public sealed class RenderedManifests(string overlay, IReadOnlyList<JsonObject> resources)
{
    public const string GatewayName = "logchat-gateway";
    public const string SiloName = "logchat-silo";
    public const string RelayName = "logchat-relay";

    public string Overlay { get; } = overlay;

    public IReadOnlyList<JsonObject> Resources { get; } = resources;

    public IEnumerable<JsonObject> OfKind(string kind) => Resources.Where(resource => resource["kind"].Text() == kind);

    /// <summary>Every Deployment and StatefulSet.</summary>
    public IEnumerable<Workload> Workloads =>
        Resources.Where(resource => resource["kind"].Text() is "Deployment" or "StatefulSet").Select(resource => new Workload(resource));

    public Workload Gateway => Deployment(GatewayName);

    public Workload Silo => Deployment(SiloName);

    public Workload Relay => Deployment(RelayName);

    /// <summary>The LogChat silos: the gateway and the headless silo Deployments.</summary>
    public IReadOnlyList<Workload> LogChatSilos => [Gateway, Silo];

    public Workload Deployment(string name) =>
        Workloads.SingleOrDefault(workload => workload.Kind == "Deployment" && workload.Name == name)
        ?? throw new InvalidOperationException($"The {Overlay} overlay renders no Deployment {name}");

    /// <summary>
    /// The raw value a container's process sees for <paramref name="variable"/>: its own <c>env</c> wins over
    /// <c>envFrom</c> ConfigMaps. Null when the variable is unset or comes from a Secret or the downward API.
    /// </summary>
    public string? EnvironmentValue(Workload workload, JsonObject container, string variable)
    {
        var own = container["env"].Objects().LastOrDefault(entry => entry["name"].Text() == variable);
        if (own is not null)
        {
            return own["value"].Text();
        }

        return container["envFrom"].Objects()
            .Select(source => source["configMapRef"]?["name"].Text())
            .OfType<string>()
            .Select(name => ConfigMapData(workload.Namespace, name))
            .Select(data => data.TryGetValue(variable, out var value) ? value : null)
            .LastOrDefault(value => value is not null);
    }

    private IReadOnlyDictionary<string, string> ConfigMapData(string? ns, string name) =>
        OfKind("ConfigMap").SingleOrDefault(map =>
            map["metadata"]?["name"].Text() == name && map["metadata"]?["namespace"].Text() == ns)?["data"].StringMap()
        ?? throw new InvalidOperationException($"The {Overlay} overlay references ConfigMap {name} but does not render it");
}
