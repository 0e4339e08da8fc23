using System.Security.Cryptography;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Tests.Infrastructure;

namespace LogChat.Relay.Tests;

public sealed class TicketRefusalTests
{
    private static SessionId NewSession() => new(Guid.NewGuid());

    [Fact]
    public async Task A_forged_ticket_is_refused_as_bad_mac_and_counted()
    {
        await using var relay = await RelayServer.StartAsync();
        var forged = RelayServer.Ticket(NewSession(), RelaySide.Host);
        forged[20] ^= 0x40;
        var foreignKey = RelayTicketCodec.Issue(
            new RelayTicket(NewSession(), RelaySide.Host, DateTimeOffset.UtcNow.AddMinutes(1), RelayServer.Id),
            new RelayTicketKeyring([new RelayTicketKey(1, RandomNumberGenerator.GetBytes(32))]));

        Assert.Equal(RelayRefusal.BadMac, await RelaySockets.RefusalAsync(relay, forged));
        Assert.Equal(RelayRefusal.BadMac, await RelaySockets.RefusalAsync(relay, foreignKey));
        await relay.MetricIsAsync("logchat_relay_refusals_total", 2, "reason=\"bad_mac\"");
    }

    [Fact]
    public async Task An_expired_ticket_is_refused()
    {
        await using var relay = await RelayServer.StartAsync();

        Assert.Equal(RelayRefusal.Expired, await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(NewSession(), RelaySide.Dialer, TimeSpan.FromSeconds(-1))));
        await relay.MetricIsAsync("logchat_relay_refusals_total", 1, "reason=\"expired\"");
    }

    [Fact]
    public async Task A_ticket_for_another_relay_is_refused()
    {
        await using var relay = await RelayServer.StartAsync();

        Assert.Equal(RelayRefusal.WrongRelay, await RelaySockets.RefusalAsync(relay, RelayServer.Ticket(NewSession(), RelaySide.Host, relayId: "relay-other")));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 })]
    [InlineData(new byte[] { 4, 1 })]
    [InlineData(new byte[] { 0, 3, 1, 1, 1 })]
    public async Task A_length_out_of_range_or_a_short_ticket_is_refused_as_malformed(byte[] start)
    {
        await using var relay = await RelayServer.StartAsync();
        using var socket = await RelaySockets.OpenAsync(relay.Endpoint);
        await socket.SendAsync(start);

        Assert.Equal(RelayRefusal.Malformed, await RelaySockets.AnswerAsync(socket));
        Assert.Equal(0, await RelaySockets.ReadUntilClosedAsync(socket));
    }

    [Fact]
    public async Task A_connection_that_sends_no_whole_ticket_in_time_is_refused_as_malformed()
    {
        await using var relay = await RelayServer.StartAsync(("TicketTimeout", "00:00:00.300"));
        using var socket = await RelaySockets.OpenAsync(relay.Endpoint);
        await socket.SendAsync(new byte[] { 0, 100, 1 });

        Assert.Equal(RelayRefusal.Malformed, await RelaySockets.AnswerAsync(socket));
    }
}
