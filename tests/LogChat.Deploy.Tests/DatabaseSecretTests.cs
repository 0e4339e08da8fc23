using System.Text;
using System.Text.Json.Nodes;
using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class DatabaseSecretTests(RenderedOverlays overlays)
{
    private const string ConnectionStringVariable = "LOGCHAT_LogChat__Database__ConnectionString";

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void Every_database_connection_string_comes_from_a_Secret_and_never_from_a_literal_value(string overlay)
    {
        var manifests = overlays[overlay];
        var uses = manifests.Workloads
            .SelectMany(workload => workload.AllContainers.SelectMany(container => container["env"].Objects()
                .Where(entry => entry["name"].Text()!.EndsWith("ConnectionString", StringComparison.Ordinal))
                .Select(entry => (Place: $"{workload}, container {container["name"].Text()}", Entry: entry))))
            .ToList();

        Assert.Equal(4, uses.Count(use => use.Entry["name"].Text() == ConnectionStringVariable));
        foreach (var (place, entry) in uses)
        {
            Assert.True(entry["value"] is null, $"{place}: {entry["name"].Text()} is a literal value");
            Assert.True(entry["valueFrom"]?["secretKeyRef"] is not null, $"{place}: {entry["name"].Text()} does not come from a Secret");
        }

        Assert.DoesNotContain(manifests.OfKind("ConfigMap"), map =>
            map["data"].StringMap().Keys.Any(key => key.EndsWith("ConnectionString", StringComparison.Ordinal)));
    }

    [Fact]
    public void Prod_reads_the_connection_string_from_the_existing_Secret_logchat_database_and_renders_no_Secret()
    {
        var manifests = overlays[RenderedOverlays.Prod];

        Assert.Empty(manifests.OfKind("Secret"));
        foreach (var silo in manifests.LogChatSilos)
        {
            foreach (var container in silo.AllContainers)
            {
                var reference = ConnectionStringReference(container);
                Assert.Equal("logchat-database", reference?["name"].Text());
                Assert.Equal("connection-string", reference?["key"].Text());
            }
        }
    }

    [Fact]
    public void Dev_points_the_connection_string_Secret_at_its_own_PostgreSQL_Service()
    {
        var manifests = overlays[RenderedOverlays.Dev];
        var reference = ConnectionStringReference(manifests.Gateway.MainContainer)!;
        var secret = manifests.OfKind("Secret").Single(secret => secret["metadata"]?["name"].Text() == reference["name"].Text());
        var connectionString = Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]?[reference["key"].Text()!].Text()!));
        var host = connectionString.Split(';').Single(part => part.StartsWith("Host=", StringComparison.Ordinal))["Host=".Length..];

        Assert.Contains(manifests.OfKind("Service"), service => service["metadata"]?["name"].Text() == host);
        Assert.Contains(manifests.Workloads, workload => workload.Kind == "StatefulSet" && workload.Manifest["spec"]?["serviceName"].Text() == host);
    }

    private static JsonNode? ConnectionStringReference(JsonObject container) =>
        container["env"].Objects().Single(entry => entry["name"].Text() == ConnectionStringVariable)["valueFrom"]?["secretKeyRef"];
}
