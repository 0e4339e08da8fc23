using LogChat.Grains.Relays;
using LogChat.Protocol.Relay;
using Microsoft.Extensions.Options;
using Xunit;

namespace LogChat.Grains.Tests.Relays;

public sealed class RelaysOptionsTests
{
    private static readonly string Secret = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData("relay-0", "127.0.0.1:50061", "relay-0", "127.0.0.1", 50061)]
    [InlineData("relay-eu", "relay.example.net:443", "relay-eu", "relay.example.net", 443)]
    [InlineData("relay-6", "[2001:db8::5]:50061", "relay-6", "2001:db8::5", 50061)]
    public void A_relay_is_its_id_and_the_host_and_port_clients_dial(string id, string endpoint, string expectedId, string host, int port)
    {
        var options = Relays((id, endpoint));

        Assert.Empty(Validate(options, WithKey()));
        Assert.Equal(new RelayServer(expectedId, host, port), Assert.Single(options.ToServers()));
    }

    [Theory]
    [InlineData("", "127.0.0.1:50061", "Relays:0:Id must be 1-64 bytes")]
    [InlineData("relay-0", "127.0.0.1", "Relays:0:Endpoint must be host:port")]
    [InlineData("relay-0", "127.0.0.1:0", "Relays:0:Endpoint must be host:port")]
    [InlineData("relay-0", "127.0.0.1:65536", "Relays:0:Endpoint must be host:port")]
    [InlineData("relay-0", "2001:db8::5:50061", "Relays:0:Endpoint must be host:port")]
    [InlineData("relay-0", ":50061", "Relays:0:Endpoint must be host:port")]
    public void An_unusable_relay_stops_the_start_naming_the_key(string id, string endpoint, string problem)
    {
        Assert.Contains(Validate(Relays((id, endpoint)), WithKey()), failure => failure.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_relays_with_one_id_stop_the_start()
    {
        Assert.Contains(Validate(Relays(("relay-0", "127.0.0.1:1"), ("relay-0", "127.0.0.1:2")), WithKey()),
            failure => failure.Contains("Relays:1:Id 'relay-0' is used by an earlier relay", StringComparison.Ordinal));
    }

    [Fact]
    public void Relays_need_a_ticket_key_and_no_relay_needs_none()
    {
        Assert.Contains(Validate(Relays(("relay-0", "127.0.0.1:50061")), new RelayTicketOptions()),
            failure => failure.Contains("LogChat:RelayTickets:Keys is empty", StringComparison.Ordinal));
        Assert.Empty(Validate(Relays(), new RelayTicketOptions()));
    }

    private static RelaysOptions Relays(params (string Id, string Endpoint)[] relays)
    {
        var options = new RelaysOptions();
        foreach (var (id, endpoint) in relays)
        {
            options.Relays.Add(new RelayServerOptions { Id = id, Endpoint = endpoint });
        }

        return options;
    }

    private static RelayTicketOptions WithKey()
    {
        var tickets = new RelayTicketOptions();
        tickets.Keys.Add(new RelayTicketKeyOptions { Id = 1, Secret = Secret });
        return tickets;
    }

    private static IEnumerable<string> Validate(RelaysOptions relays, RelayTicketOptions tickets) =>
        new RelaysOptionsValidator(Options.Create(tickets)).Validate(null, relays).Failures ?? [];
}
