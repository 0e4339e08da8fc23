using System.Globalization;
using System.Text;
using LogChat.Protocol.Relay;

namespace LogChat.Grains.Relays;

/// <summary>
/// The relays the coordinator may send a session to (<c>LogChat:Relays:0:Id</c>, <c>LogChat:Relays:0:Endpoint</c>, and
/// so on). Empty: no relay rung. The tickets' keys are <see cref="RelayTicketOptions"/>, the same as the relays'.
/// </summary>
public sealed class RelaysOptions
{
    /// <summary>The section whose <c>Relays</c> list this binds.</summary>
    public const string Section = "LogChat";

    public IList<RelayServerOptions> Relays { get; } = [];

    /// <summary>What is wrong with the list, one sentence each; empty when every relay is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Relays.Count; i++)
        {
            var relay = Relays[i];
            if (relay.Id is not { Length: > 0 } id || Encoding.UTF8.GetByteCount(id) > RelayTicketCodec.MaxRelayIdBytes)
            {
                problems.Add($"{Section}:Relays:{i}:Id must be 1-{RelayTicketCodec.MaxRelayIdBytes} bytes of UTF-8");
            }
            else if (!ids.Add(id))
            {
                problems.Add($"{Section}:Relays:{i}:Id '{id}' is used by an earlier relay");
            }

            if (!TryParseEndpoint(relay.Endpoint, out _, out _))
            {
                problems.Add($"{Section}:Relays:{i}:Endpoint must be host:port (an IPv6 address in brackets), port 1-65535, not '{relay.Endpoint}'");
            }
        }

        return problems;
    }

    /// <summary>The relays, once <see cref="Problems"/> found none.</summary>
    public IReadOnlyList<RelayServer> ToServers() =>
    [
        .. Relays.Select(relay => TryParseEndpoint(relay.Endpoint, out var host, out var port)
            ? new RelayServer(relay.Id!, host, port)
            : throw new InvalidOperationException($"relay '{relay.Id}' has no valid endpoint")),
    ];

    private static bool TryParseEndpoint(string? endpoint, out string host, out int port)
    {
        (host, port) = (string.Empty, 0);
        var colon = endpoint?.LastIndexOf(':') ?? -1;
        if (endpoint is null || colon <= 0
            || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = endpoint[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            return host.Length > 0;
        }

        return !host.Contains(':', StringComparison.Ordinal) && !host.Any(char.IsWhiteSpace);
    }
}

/// <summary>One configured relay.</summary>
public sealed class RelayServerOptions
{
    /// <summary>The relay's identity, as the relay itself is configured (<c>LogChat:Relay:Id</c>); written into its tickets.</summary>
    public string? Id { get; set; }

    /// <summary>Where clients reach it: host:port.</summary>
    public string? Endpoint { get; set; }
}
