using LogChat.Protocol.Relay;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>A gateway configured with one relay (which need not run: the coordinator only issues its tickets).</summary>
public sealed class RelayGatewayServer : GatewayServer
{
    public const string RelayId = "relay-test";
    public const string RelayEndpoint = "198.51.100.40:50061";

    private static readonly byte[] Secret = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    /// <summary>The relay's keyring, to verify the tickets the gateway hands out.</summary>
    public static RelayTicketKeyring Keyring { get; } = new([new RelayTicketKey(3, Secret)]);

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:Relays:0:Id", RelayId),
        new("LogChat:Relays:0:Endpoint", RelayEndpoint),
        new("LogChat:RelayTickets:Keys:0:Id", "3"),
        new("LogChat:RelayTickets:Keys:0:Secret", Convert.ToBase64String(Secret)),
    ];
}
