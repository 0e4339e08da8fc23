using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Forwarding;
using LogChat.Relay.Tests.Infrastructure;
using LogChat.Testing;

namespace LogChat.Relay.Tests;

/// <summary>
/// Several processes of one relay identity behind one address (a Deployment scaled by its autoscaler): each session is
/// paired by the process its id picks, and a side that reaches another process is forwarded there. The processes
/// listen on 127.0.0.1 and 127.0.0.2, each its own address as pods have.
/// </summary>
public sealed class ForwardingTests
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Missing = IPAddress.Parse("127.0.0.3");

    // Each process is started with its own byte limit per pair, so the limit a pair runs under shows which process
    // paired it (two relays in one test process share their metrics' names, so the metrics cannot tell).
    [Fact]
    public async Task Sides_that_reach_different_processes_are_paired_by_the_one_the_session_picks_and_bytes_flow_both_ways()
    {
        var (first, second) = await StartTwoAsync();
        await using var firstRelay = first;
        await using var secondRelay = second;
        var (host, dialer) = await ConnectAcrossAsync(first, second, SessionOwnedBy(Second, [First, Second]));
        using var hostSocket = host;
        using var dialerSocket = dialer;
        var toDialer = RandomNumberGenerator.GetBytes(100_000);
        var toHost = RandomNumberGenerator.GetBytes(30_000);
        var sending = Task.WhenAll(host.SendAsync(toDialer), dialer.SendAsync(toHost));

        // More than the first process's limit crosses it: it only passes the host's side on.
        Assert.Equal(toDialer, await RelaySockets.ReadExactlyAsync(dialer, toDialer.Length));
        Assert.Equal(toHost, await RelaySockets.ReadExactlyAsync(host, toHost.Length));
        await sending;
    }

    [Fact]
    public async Task A_forwarded_side_runs_under_the_limits_of_the_process_that_pairs_it()
    {
        var (first, second) = await StartTwoAsync();
        await using var firstRelay = first;
        await using var secondRelay = second;
        var (host, dialer) = await ConnectAcrossAsync(first, second, SessionOwnedBy(First, [First, Second]));
        using var hostSocket = host;
        using var dialerSocket = dialer;
        var sending = host.SendAsync(RandomNumberGenerator.GetBytes(100_000));

        // The first process's limit cuts the pair although the dialler came through the second.
        Assert.InRange(await RelaySockets.ReadUntilClosedAsync(dialer), 0, int.Parse(SmallLimit, CultureInfo.InvariantCulture));
        await Record.ExceptionAsync(async () => await sending);
    }

    [Fact]
    public async Task A_side_whose_session_is_paired_by_a_process_that_cannot_be_reached_is_refused_as_unreachable()
    {
        var forwardPort = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture);
        await using var relay = await StartAsync(First, forwardPort, null, First, Missing);
        var session = SessionOwnedBy(Missing, [First, Missing]);

        Assert.Equal(RelayRefusal.Unreachable, await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(session, RelaySide.Host)));
        await relay.MetricIsAsync("logchat_relay_refusals_total", 1, "reason=\"unreachable\"");
    }

    [Fact]
    public async Task A_forged_ticket_is_refused_by_the_first_process_and_never_forwarded()
    {
        var forwardPort = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture);
        await using var relay = await StartAsync(First, forwardPort, null, First, Missing);
        var session = SessionOwnedBy(Missing, [First, Missing]);
        var forged = RelayServer.Ticket(session, RelaySide.Host);
        forged[^1] ^= 0x01;

        Assert.Equal(RelayRefusal.BadMac, await RelaySockets.RefusalAsync(relay, forged));
        await relay.MetricIsAsync("logchat_relay_forwarded_total", 0);
    }

    [Fact]
    public void Every_process_picks_the_same_owner_and_a_process_leaving_moves_only_its_own_sessions()
    {
        IPAddress[] three = [First, Second, Missing];
        var sessions = Enumerable.Range(0, 300).Select(_ => new SessionId(Guid.NewGuid())).ToList();

        var owners = sessions.Select(session => RelayPeers.Owner(session, three)).ToList();
        var reordered = sessions.Select(session => RelayPeers.Owner(session, [Missing, First, Second])).ToList();
        var afterLeaving = sessions.Select(session => RelayPeers.Owner(session, [First, Second])).ToList();

        Assert.Equal(owners, reordered);
        Assert.All(three, member => Assert.InRange(owners.Count(owner => owner.Equals(member)), 50, 150));
        Assert.All(sessions.Select((_, i) => i).Where(i => !owners[i].Equals(Missing)), i => Assert.Equal(owners[i], afterLeaving[i]));
    }

    private const string SmallLimit = "65536";

    // Two processes of one relay: the first with a small byte limit per pair, the second with the default.
    private static async Task<(RelayServer First, RelayServer Second)> StartTwoAsync()
    {
        var forwardPort = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture);
        var first = await StartAsync(First, forwardPort, SmallLimit, First, Second);
        return (first, await StartAsync(Second, forwardPort, null, First, Second));
    }

    // The session's host side through the first process and its dialler side through the second.
    private static async Task<(Socket Host, Socket Dialer)> ConnectAcrossAsync(RelayServer first, RelayServer second, SessionId session)
    {
        var hosting = RelaySockets.ConnectAsync(first, RelayServer.Ticket(session, RelaySide.Host));
        var dialling = RelaySockets.ConnectAsync(second, RelayServer.Ticket(session, RelaySide.Dialer));
        return (await hosting, await dialling);
    }

    private static Task<RelayServer> StartAsync(IPAddress self, string forwardPort, string? maxBytesPerPair, params IPAddress[] peers) => RelayServer.StartAsync(
        [
            ("ListenAddress", self.ToString()),
            ("ForwardPort", forwardPort),
            .. maxBytesPerPair is null ? [] : new[] { ("MaxBytesPerPair", maxBytesPerPair) },
            .. peers.Select((peer, i) => ($"Peers:{i}", peer.ToString())),
        ]);

    private static SessionId SessionOwnedBy(IPAddress owner, IPAddress[] members)
    {
        while (true)
        {
            var session = new SessionId(Guid.NewGuid());
            if (RelayPeers.Owner(session, members).Equals(owner))
            {
                return session;
            }
        }
    }
}
