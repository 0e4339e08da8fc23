namespace LogChat.Deploy.Tests.Rendering;

/// <summary>Both overlays of deploy/k8s, rendered once for all the tests.</summary>
public sealed class RenderedOverlays
{
    public const string Dev = "dev";
    public const string Prod = "prod";

    private readonly Dictionary<string, RenderedManifests> _overlays = new[] { Dev, Prod }
        .ToDictionary(overlay => overlay, overlay => new RenderedManifests(overlay, YamlDocuments.Parse(KustomizeRenderer.Render(overlay))));

    /// <summary>Theory data: the name of every overlay.</summary>
    public static TheoryData<string> Names => new() { Dev, Prod };

    public RenderedManifests this[string overlay] => _overlays[overlay];
}

/// <summary>The tests that read the rendered overlays.</summary>
[CollectionDefinition(Name)]
public sealed class RenderedOverlaysCollection : ICollectionFixture<RenderedOverlays>
{
    public const string Name = "rendered overlays";
}
