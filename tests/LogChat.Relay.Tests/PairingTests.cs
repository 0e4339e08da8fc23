using System.Net.Sockets;
using System.Security.Cryptography;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Tests.Infrastructure;
using LogChat.Testing;

namespace LogChat.Relay.Tests;

public sealed class PairingTests
{
    [Fact]
    public async Task The_two_sides_of_a_session_are_paired_and_bytes_flow_both_ways_unchanged()
    {
        await using var relay = await RelayServer.StartAsync();
        var (host, dialer) = await RelaySockets.PairAsync(relay);
        using (host)
        using (dialer)
        {
            var toDialer = RandomNumberGenerator.GetBytes(200_000);
            var toHost = RandomNumberGenerator.GetBytes(70_000);
            var sending = Task.WhenAll(host.SendAsync(toDialer), dialer.SendAsync(toHost));

            Assert.Equal(toDialer, await RelaySockets.ReadExactlyAsync(dialer, toDialer.Length));
            Assert.Equal(toHost, await RelaySockets.ReadExactlyAsync(host, toHost.Length));
            await sending;
            await relay.MetricIsAsync("logchat_relay_pairs_active", 1);
        }

        await relay.MetricIsAsync("logchat_relay_pairs_ended_total", 1, "reason=\"closed\"");
        await relay.MetricIsAsync("logchat_relay_copied_bytes_total", 270_000);
        await relay.MetricIsAsync("logchat_relay_pairs_active", 0);
    }

    [Fact]
    public async Task A_ticket_split_over_several_writes_is_read_whole_and_bytes_sent_right_after_it_arrive_intact()
    {
        await using var relay = await RelayServer.StartAsync();
        var session = new SessionId(Guid.NewGuid());
        var frame = RelayWire.Frame(RelayServer.Ticket(session, RelaySide.Dialer));
        var clientHello = RandomNumberGenerator.GetBytes(3000);

        using var dialer = await RelaySockets.OpenAsync(relay.Endpoint);
        await dialer.SendAsync(frame.AsMemory(0, 1));
        await dialer.SendAsync(frame.AsMemory(1, 10));
        await dialer.SendAsync(frame.AsMemory(11, frame.Length - 12));
        // The ticket's last byte and the first TLS bytes leave in one write: the relay must split them exactly.
        await dialer.SendAsync((byte[])[frame[^1], .. clientHello]);

        using var host = await RelaySockets.ConnectAsync(relay, RelayServer.Ticket(session, RelaySide.Host));
        Assert.Equal(RelayRefusal.None, await RelaySockets.AnswerAsync(dialer));
        Assert.Equal(clientHello, await RelaySockets.ReadExactlyAsync(host, clientHello.Length));
    }

    [Fact]
    public async Task A_second_connection_for_a_side_that_is_waiting_or_paired_is_refused_as_side_taken()
    {
        await using var relay = await RelayServer.StartAsync();
        var session = new SessionId(Guid.NewGuid());
        using var waitingHost = await RelaySockets.OpenAsync(relay.Endpoint);
        await waitingHost.SendAsync(RelayWire.Frame(RelayServer.Ticket(session, RelaySide.Host)));
        await relay.MetricIsAsync("logchat_relay_waiting", 1);

        Assert.Equal(RelayRefusal.SideTaken, await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(session, RelaySide.Host, TimeSpan.FromMinutes(2))));

        using var dialer = await RelaySockets.ConnectAsync(relay, RelayServer.Ticket(session, RelaySide.Dialer));
        Assert.Equal(RelayRefusal.SideTaken, await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(session, RelaySide.Dialer, TimeSpan.FromMinutes(3))));
        Assert.Equal(RelayRefusal.SideTaken, await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(session, RelaySide.Host, TimeSpan.FromMinutes(3))));
        await relay.MetricIsAsync("logchat_relay_refusals_total", 3, "reason=\"side_taken\"");
    }

    [Fact]
    public async Task A_ticket_that_has_paired_is_refused_as_reused_while_the_pair_runs_and_after_it_ends()
    {
        await using var relay = await RelayServer.StartAsync();
        var session = new SessionId(Guid.NewGuid());
        var hostTicket = RelayServer.Ticket(session, RelaySide.Host);
        var dialerTicket = RelayServer.Ticket(session, RelaySide.Dialer);
        var host = RelaySockets.ConnectAsync(relay, hostTicket);
        using var dialer = await RelaySockets.ConnectAsync(relay, dialerTicket);
        (await host).Dispose();

        Assert.Equal(RelayRefusal.Reused, await RelaySockets.RefusalAsync(relay, dialerTicket));
        await relay.MetricIsAsync("logchat_relay_pairs_active", 0);
        Assert.Equal(RelayRefusal.Reused, await RelaySockets.RefusalAsync(relay, hostTicket));
        Assert.Equal(RelayRefusal.Reused, await RelaySockets.RefusalAsync(relay, dialerTicket));
    }

    [Fact]
    public async Task A_side_whose_peer_does_not_come_within_the_window_is_refused_with_no_peer()
    {
        await using var relay = await RelayServer.StartAsync(("PairingWindow", "00:00:00.300"));
        var ticket = RelayServer.Ticket(new SessionId(Guid.NewGuid()), RelaySide.Host);

        Assert.Equal(RelayRefusal.NoPeer, await RelaySockets.RefusalAsync(relay, ticket));
        await relay.MetricIsAsync("logchat_relay_refusals_total", 1, "reason=\"no_peer\"");
        await relay.MetricIsAsync("logchat_relay_waiting", 0);
    }

    [Fact]
    public async Task A_new_session_beyond_the_maximum_of_pairs_is_refused_as_full_and_the_waiting_one_still_pairs()
    {
        await using var relay = await RelayServer.StartAsync(("MaxPairs", "1"));
        var first = new SessionId(Guid.NewGuid());
        var waitingHost = RelaySockets.ConnectAsync(relay, RelayServer.Ticket(first, RelaySide.Host));
        await relay.MetricIsAsync("logchat_relay_waiting", 1);

        Assert.Equal(RelayRefusal.Full, await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(new SessionId(Guid.NewGuid()), RelaySide.Host)));

        using var dialer = await RelaySockets.ConnectAsync(relay, RelayServer.Ticket(first, RelaySide.Dialer));
        using var host = await waitingHost;
        await relay.MetricIsAsync("logchat_relay_pairs_active", 1);
    }

    [Fact]
    public async Task Connections_beyond_the_per_address_limit_are_refused_before_reading_a_ticket()
    {
        await using var relay = await RelayServer.StartAsync(("MaxConnectionsPerAddress", "2"), ("TicketTimeout", "00:01:00"));
        using var first = await RelaySockets.OpenAsync(relay.Endpoint);
        using var second = await RelaySockets.OpenAsync(relay.Endpoint);
        await relay.MetricIsAsync("logchat_relay_connections", 2);
        using var third = await RelaySockets.OpenAsync(relay.Endpoint);

        Assert.Equal(RelayRefusal.AddressLimit, await RelaySockets.AnswerAsync(third));
        Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(third));

        first.Close();
        await Eventually.TrueAsync(
            async () =>
            {
                using var again = await RelaySockets.OpenAsync(relay.Endpoint);
                await again.SendAsync(RelayWire.Frame(RelayServer.Ticket(new SessionId(Guid.NewGuid()), RelaySide.Host, relayId: "elsewhere")));
                return await RelaySockets.AnswerAsync(again) == RelayRefusal.WrongRelay;
            },
            "a slot to free once a connection closes");
    }
}
