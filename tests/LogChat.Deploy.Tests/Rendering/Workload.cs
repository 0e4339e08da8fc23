using System.Text.Json.Nodes;

namespace LogChat.Deploy.Tests.Rendering;

/// <summary>A Deployment or StatefulSet as rendered, with its pod template at hand.</summary>
public sealed record Workload(JsonObject Manifest)
{
    public string Kind => Manifest["kind"].Text()!;

    public string Name => Manifest["metadata"]?["name"].Text()!;

    public string? Namespace => Manifest["metadata"]?["namespace"].Text();

    public int Replicas => Manifest["spec"]?["replicas"].Number() ?? 1;

    public JsonObject PodSpec => Manifest["spec"]?["template"]?["spec"] as JsonObject
        ?? throw new InvalidOperationException($"{Kind}/{Name} has no pod template");

    public IReadOnlyDictionary<string, string> PodLabels => Manifest["spec"]?["template"]?["metadata"]?["labels"].StringMap()
        ?? new Dictionary<string, string>();

    public IEnumerable<JsonObject> Containers => PodSpec["containers"].Objects();

    public IEnumerable<JsonObject> InitContainers => PodSpec["initContainers"].Objects();

    /// <summary>Init containers and containers alike.</summary>
    public IEnumerable<JsonObject> AllContainers => InitContainers.Concat(Containers);

    /// <summary>The pod's one container (LogChat pods have exactly one besides the init container).</summary>
    public JsonObject MainContainer => Containers.Single();

    public override string ToString() => $"{Kind}/{Name} in {Namespace ?? "no namespace"}";
}
