using Grpc.Core;
using LogChat.Client.Coordinator;
using LogChat.Testing;

namespace LogChat.Client.Tests.Coordinator;

public sealed class GatewayFailoverTests
{

    [Fact]
    public void Several_gateways_are_read_from_commas_and_repeats_in_order_without_duplicates()
    {
        var urls = CoordinatorAddress.ParseList(["http://127.0.0.1:1, http://127.0.0.1:2", "http://127.0.0.1:1", "https://b.example"]);

        Assert.Equal([new Uri("http://127.0.0.1:1"), new Uri("http://127.0.0.1:2"), new Uri("https://b.example")], urls);
        Assert.Throws<InsecureTransportException>(() => CoordinatorAddress.ParseList(["http://127.0.0.1:1,http://10.0.0.5:2"]));
        Assert.Throws<ArgumentException>(() => CoordinatorAddress.ParseList([" , "]));
    }

    [Fact]
    public async Task Login_moves_past_a_gateway_that_refuses_connections()
    {
        await using var live = await FakeGateway.StartAsync(new FakeGateway.Behaviour());

        using var session = await CoordinatorSession.LoginAsync(Urls(Refused(), live.Url), "alice", new byte[32], CancellationToken.None);

        Assert.Contains("Login", live.Calls.Received);
    }

    [Fact]
    public async Task A_chat_request_a_gateway_answered_unavailable_is_not_sent_again_to_another()
    {
        await using var busy = await FakeGateway.StartAsync(new FakeGateway.Behaviour { RequestChatAnswer = StatusCode.Unavailable });
        await using var other = await FakeGateway.StartAsync(new FakeGateway.Behaviour());
        using var session = await CoordinatorSession.LoginAsync(Urls(busy.Url, other.Url), "alice", new byte[32], CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<RpcException>(() => session.RequestChatAsync("bob", CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, refusal.StatusCode);
        Assert.DoesNotContain("RequestChat", other.Calls.Received);
    }

    [Fact]
    public async Task A_chat_request_that_never_reached_a_gateway_goes_to_the_next()
    {
        using var connections = new OpenHttpConnections();
        await using var live = await FakeGateway.StartAsync(new FakeGateway.Behaviour());
        var doomed = await FakeGateway.StartAsync(new FakeGateway.Behaviour());
        using var session = await CoordinatorSession.LoginAsync(Urls(doomed.Url, live.Url), "alice", new byte[32], CancellationToken.None);
        var doomedPort = new Uri(doomed.Url).Port;
        Assert.Equal(1, connections.To(doomedPort));
        await doomed.DisposeAsync();
        // Until the client has closed its connection, a request may still start on it and be cut off by the shutdown.
        await Eventually.TrueAsync(() => connections.To(doomedPort) == 0, "the client to close its connection to the stopped gateway");

        await session.RequestChatAsync("bob", CancellationToken.None);

        Assert.Single(live.Calls.Received, call => call == "RequestChat");
    }

    [Fact]
    public async Task A_chat_request_cut_off_by_a_gateway_shutting_down_reaches_the_caller_and_the_next_call_goes_to_the_next_gateway()
    {
        await using var live = await FakeGateway.StartAsync(new FakeGateway.Behaviour());
        await using var stopping = await FakeGateway.StartAsync(new FakeGateway.Behaviour());
        var shuttingDown = 0;
        // Once shutting down, the next bytes a client sends get a graceful GOAWAY and the end of the connection instead
        // of reaching the gateway; the client cannot tell this from a gateway killed after taking the request.
        using var relay = new LoopbackTcpRelay(new Uri(stopping.Url).Port, async (_, client, cancellationToken) =>
        {
            if (Volatile.Read(ref shuttingDown) == 0)
            {
                return true;
            }

            await client.WriteAsync(Http2GoAway.Graceful(), cancellationToken);
            return false;
        });
        using var session = await CoordinatorSession.LoginAsync(Urls(relay.Url, live.Url), "alice", new byte[32], CancellationToken.None);
        Volatile.Write(ref shuttingDown, 1);

        var cutOff = await Assert.ThrowsAsync<RpcException>(() => session.RequestChatAsync("bob", CancellationToken.None));

        Assert.Equal(StatusCode.Internal, cutOff.StatusCode);
        Assert.DoesNotContain("RequestChat", live.Calls.Received);
        await session.RequestChatAsync("bob", CancellationToken.None);
        Assert.Single(live.Calls.Received, call => call == "RequestChat");
        Assert.DoesNotContain("RequestChat", stopping.Calls.Received);
    }

    [Fact]
    public async Task A_draining_gateway_hands_the_event_feed_to_the_next_one_without_an_error()
    {
        await using var draining = await FakeGateway.StartAsync(new FakeGateway.Behaviour { Drains = true });
        await using var next = await FakeGateway.StartAsync(new FakeGateway.Behaviour());
        using var session = await CoordinatorSession.LoginAsync(Urls(draining.Url, next.Url), "alice", new byte[32], CancellationToken.None);
        var statuses = new List<string>();
        var connectionsPrepared = 0;
        await using var feed = session.OpenEvents(
            _ =>
            {
                Interlocked.Increment(ref connectionsPrepared);
                return Task.CompletedTask;
            },
            new ReconnectBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)));
        feed.StatusChanged += status =>
        {
            lock (statuses)
            {
                statuses.Add(status);
            }
        };

        feed.Start();

        await Eventually.TrueAsync(() => next.Calls.Received.Contains("Connect"), "the feed to connect to the next gateway");
        await Eventually.TrueAsync(() => { lock (statuses) { return statuses.Any(s => s.StartsWith("Reconnected", StringComparison.Ordinal)); } }, "the reconnected status");
        Assert.True(Volatile.Read(ref connectionsPrepared) >= 2, "The feed did not prepare the connection to the next gateway (measure reachability again).");
        lock (statuses)
        {
            Assert.Contains(statuses, status => status.Contains("shutting down", StringComparison.Ordinal));
            Assert.DoesNotContain(statuses, status => status.Contains("unreachable", StringComparison.Ordinal));
        }
    }

    private static IReadOnlyList<Uri> Urls(params string[] urls) => CoordinatorAddress.ParseList(urls);

    private static string Refused() => $"http://127.0.0.1:{LoopbackPorts.GetFree()}";
}
