using System.Buffers.Binary;
using LogChat.Grains.Sessions;

namespace LogChat.Grains.Relays;

/// <summary>
/// The last rung of the ladder as the coordinator is configured with it: the relays clients may be sent to and the
/// issuer of their tickets. With no relay configured there is no relay rung, and a pair with no direct path is refused.
/// </summary>
public sealed class RelayRung
{
    /// <summary>How long a ticket is accepted after it was issued.</summary>
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<RelayServer> _relays;
    private readonly IRelayTicketIssuer? _tickets;

    public RelayRung(IReadOnlyList<RelayServer> relays, IRelayTicketIssuer tickets)
    {
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentNullException.ThrowIfNull(tickets);
        _relays = relays;
        _tickets = tickets;
    }

    private RelayRung()
    {
        _relays = [];
    }

    /// <summary>No relay: pairs with no direct path are refused.</summary>
    public static RelayRung None { get; } = new();

    public bool IsConfigured => _relays.Count > 0;

    /// <summary>
    /// The relay of <paramref name="sessionId"/>: the same one on every silo and after every reactivation, spread evenly
    /// over the configured relays (session ids are random).
    /// </summary>
    public RelayServer For(Guid sessionId)
    {
        Span<byte> bytes = stackalloc byte[16];
        sessionId.TryWriteBytes(bytes, bigEndian: true, out _);
        return _relays[(int)(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) % (ulong)_relays.Count)];
    }

    public byte[] Ticket(Guid sessionId, SessionRole side, DateTimeOffset expiresAt, string relayId) =>
        (_tickets ?? throw new InvalidOperationException("no relay is configured")).Issue(sessionId, side, expiresAt, relayId);
}
