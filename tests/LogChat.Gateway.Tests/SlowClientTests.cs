using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Gateway.Connections;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class SlowClientTests(GatewayServer server)
{
    [Fact]
    public async Task A_client_that_stops_reading_its_stream_is_disconnected_and_can_connect_again()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        // A channel of its own: this stream's flow-control window is about to be left full.
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = new Coordinator.CoordinatorClient(channel).Connect(new ConnectRequest(), alice.Auth);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServerEvent.EventOneofCase.Connected, call.ResponseStream.Current.EventCase);
        var stream = server.Services.GetRequiredService<ClientConnectionRegistry>().All.Single(s => s.UserId == Guid.Parse(alice.UserId));

        // The client reads nothing now. Once HTTP/2 flow control (a 64 KiB window, at most 16 MiB) and Kestrel's
        // buffer stop the gateway's writes, events pile up until one finds the queue full.
        var bulky = new ServerEvent { SessionEnded = new SessionEnded { SessionId = "s", Detail = new string('x', 1024) } };
        for (var posted = 0; posted < 32_768 && !stream.Overflowed; posted++)
        {
            stream.Post(bulky);
        }

        Assert.True(stream.Overflowed);
        // The stream ends with the reason, unless writes were already stuck behind the full window (then no status can
        // follow them and the stream is reset): which of the two depends on how far the gateway got before the flood.
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        var told = failure.StatusCode == StatusCode.ResourceExhausted && failure.Status.Detail.Contains("not reading its stream", StringComparison.Ordinal);
        var reset = failure.StatusCode == StatusCode.Cancelled && failure.Status.Detail.Contains("reset the stream", StringComparison.Ordinal);
        Assert.True(told || reset, $"unexpected end of the stream: {failure.Status}");
        var streams = server.Services.GetRequiredService<ClientConnectionRegistry>();
        await Eventually.TrueAsync(() => Task.FromResult(streams.Find(stream.ConnectionId) is null), "the gateway to drop the stream");

        await using var again = await alice.GoOnlineAsync(canAcceptInbound: true, NatType.FullCone);
        Assert.Equal(ServerEvent.EventOneofCase.KeepAlive, (await again.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.KeepAlive)).EventCase);
    }
}
