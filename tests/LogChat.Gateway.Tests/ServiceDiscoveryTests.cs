using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Testing;
using Xunit;

namespace LogChat.Gateway.Tests;

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
    public async Task Reflection_lists_the_Coordinator_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("logchat.coordinator.v1.Coordinator", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
