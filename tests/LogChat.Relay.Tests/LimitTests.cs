using System.Net.Sockets;
using System.Security.Cryptography;
using LogChat.Relay.Tests.Infrastructure;
using LogChat.Testing;

namespace LogChat.Relay.Tests;

public sealed class LimitTests
{
    [Fact]
    public async Task A_pair_that_reaches_the_byte_limit_is_closed_on_both_sides_without_passing_the_excess()
    {
        await using var relay = await RelayServer.StartAsync(("MaxBytesPerPair", "65536"));
        var (host, dialer) = await RelaySockets.PairAsync(relay);
        using (host)
        using (dialer)
        {
            var sending = SendIgnoringResetAsync(host, RandomNumberGenerator.GetBytes(400_000));

            Assert.InRange(await RelaySockets.ReadUntilClosedAsync(dialer), 0, 65536);
            await RelaySockets.ReadUntilClosedAsync(host);
            await sending;
        }

        await relay.MetricIsAsync("logchat_relay_pairs_ended_total", 1, "reason=\"byte_limit\"");
        Assert.InRange(await relay.ScrapeAsync("logchat_relay_copied_bytes_total"), 0, 65536);
    }

    [Fact]
    public async Task A_pair_that_carries_nothing_for_the_idle_timeout_is_closed()
    {
        await using var relay = await RelayServer.StartAsync(("IdleTimeout", "00:00:00.300"));
        var (host, dialer) = await RelaySockets.PairAsync(relay);
        using (host)
        using (dialer)
        {
            await host.SendAsync(new byte[] { 1, 2, 3 });
            Assert.Equal([1, 2, 3], await RelaySockets.ReadExactlyAsync(dialer, 3));

            Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(dialer));
            Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(host));
        }

        await relay.MetricIsAsync("logchat_relay_pairs_ended_total", 1, "reason=\"idle\"");
    }

    [Fact]
    public async Task A_pair_that_reaches_the_duration_limit_is_closed()
    {
        await using var relay = await RelayServer.StartAsync(("MaxPairDuration", "00:00:00.500"));
        var (host, dialer) = await RelaySockets.PairAsync(relay);
        using (host)
        using (dialer)
        {
            Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(dialer));
            Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(host));
        }

        await relay.MetricIsAsync("logchat_relay_pairs_ended_total", 1, "reason=\"duration_limit\"");
        await relay.MetricIsAsync("logchat_relay_pairs_active", 0);
    }

    private static async Task SendIgnoringResetAsync(Socket socket, byte[] bytes)
    {
        try
        {
            await socket.SendAsync(bytes);
        }
        catch (SocketException)
        {
            // The relay cut the pair: what the test checks.
        }
    }
}
