using System.Net;
using System.Text;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Tests.Infrastructure;
using LogChat.Testing;

namespace LogChat.Relay.Tests;

public sealed class AdminTests
{
    [Fact]
    public async Task Health_answers_over_HTTP_on_the_admin_port_and_over_gRPC_on_the_health_port()
    {
        await using var relay = await RelayServer.StartAsync();
        using var http = new HttpClient { BaseAddress = relay.AdminAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);

        using var channel = GrpcChannel.ForAddress(relay.HealthAddress);
        var health = new Health.HealthClient(channel);
        foreach (var service in new[] { "", "readiness", "liveness" })
        {
            // The health publisher sets the gRPC statuses shortly after start.
            await Eventually.TrueAsync(
                async () => (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status == HealthCheckResponse.Types.ServingStatus.Serving,
                $"health service '{service}' to be SERVING");
        }
    }

    [Fact]
    public async Task Metrics_show_every_relay_instrument_and_refusals_by_reason()
    {
        await using var relay = await RelayServer.StartAsync();
        await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(new SessionId(Guid.NewGuid()), RelaySide.Host, relayId: "relay-other"));

        using var http = new HttpClient { BaseAddress = relay.AdminAddress };
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("logchat_relay_refusals_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("reason=\"wrong_relay\"", metrics, StringComparison.Ordinal);
        foreach (var gauge in new[] { "logchat_relay_pairs_active", "logchat_relay_waiting", "logchat_relay_connections" })
        {
            Assert.Contains(gauge, metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_relay_port_speaks_no_HTTP()
    {
        await using var relay = await RelayServer.StartAsync();
        using var socket = await RelaySockets.OpenAsync(relay.Endpoint);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: relay\r\n\r\n"));

        Assert.Equal(RelayRefusal.Malformed, await RelaySockets.AnswerAsync(socket));
        Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(socket));
    }

    [Fact]
    public async Task Stopping_refuses_waiting_sides_as_draining_lets_running_pairs_copy_then_closes_them()
    {
        await using var relay = await RelayServer.StartAsync(("DrainTimeout", "00:00:01"));
        var (host, dialer) = await RelaySockets.PairAsync(relay);
        using var waiting = await RelaySockets.OpenAsync(relay.Endpoint);
        await waiting.SendAsync(RelayWire.Frame(RelayServer.Ticket(new SessionId(Guid.NewGuid()), RelaySide.Host)));
        await relay.MetricIsAsync("logchat_relay_waiting", 1);

        var stopping = relay.StopAsync();
        Assert.Equal(RelayRefusal.Draining, await RelaySockets.AnswerAsync(waiting));
        using (host)
        using (dialer)
        {
            await host.SendAsync(new byte[] { 9, 8, 7 });
            Assert.Equal([9, 8, 7], await RelaySockets.ReadExactlyAsync(dialer, 3));

            Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(dialer));
            await stopping;
        }
    }
}
