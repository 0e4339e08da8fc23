using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Testing;
using Xunit;

namespace LogChat.Gateway.Tests;

/// <summary>A gateway configured to serve gRPC reflection, as the dev overlay's are.</summary>
public sealed class ReflectionGatewayServer : GatewayServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() => [new("LogChat:Gateway:Reflection", "true")];
}

[Trait("Category", "Postgres")]
public sealed class ReflectionTests(ReflectionGatewayServer server) : IClassFixture<ReflectionGatewayServer>
{
    [Fact]
    public async Task Reflection_when_configured_lists_the_Coordinator_service()
    {
        Assert.Contains("logchat.coordinator.v1.Coordinator", await ServiceDiscoveryTests.ListServicesAsync(server));
    }
}

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ServiceDiscoveryTests(GatewayServer server)
{
    [Fact]
    public async Task Health_answers_serving_without_a_token()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(server.Channel);
        await Eventually.TrueAsync(
            async () => (await health.CheckAsync(new HealthCheckRequest())).Status == HealthCheckResponse.Types.ServingStatus.Serving,
            "the gateway to report SERVING");
    }

    [Fact]
    public async Task Reflection_is_not_served_unless_configured()
    {
        // Read the answer without writing: the gateway ends an unknown method at once, so a write could race its end
        // and fail as cancelled instead of showing the status the gateway sent. A gateway serving reflection would
        // wait for a request instead; the deadline turns that into a failure rather than a hang.
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));

        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.Unimplemented, () => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    public static async Task<List<string>> ListServicesAsync(GatewayServer gateway)
    {
        var reflection = new ServerReflection.ServerReflectionClient(gateway.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }
}
