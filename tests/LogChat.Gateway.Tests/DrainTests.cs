using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests;

[Trait("Category", "Postgres")]
public sealed class DrainTests
{
    [Fact]
    public async Task A_stopping_gateway_tells_its_clients_to_move_and_ends_their_streams_cleanly()
    {
        var server = new GatewayServer();
        await server.InitializeAsync();
        try
        {
            var alice = await TestUser.CreateAsync(server, "alice");
            using var call = server.Client.Connect(new ConnectRequest(), alice.Auth);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(ServerEvent.EventOneofCase.Connected, call.ResponseStream.Current.EventCase);

            var stopping = server.StopAsync();

            ServerEvent? last = null;
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                last = call.ResponseStream.Current;
            }

            Assert.Equal(ServerEvent.EventOneofCase.Draining, last?.EventCase);
            Assert.True(last!.Draining.ReconnectWithinMs > 0);
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
            await stopping;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
