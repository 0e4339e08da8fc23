namespace LogChat.Protocol.Relay;

/// <summary>
/// What the relay made of a ticket's bytes: the ticket when it verified, else the refusal to answer with.
/// <see cref="Mac"/> identifies a verified ticket (for refusing its reuse); it is never logged.
/// </summary>
public sealed class RelayTicketVerification
{
    private RelayTicketVerification(RelayTicket? ticket, RelayRefusal refusal, byte[] mac)
    {
        Ticket = ticket;
        Refusal = refusal;
        Mac = mac;
    }

    /// <summary>The verified ticket, or null when refused.</summary>
    public RelayTicket? Ticket { get; }

    /// <summary><see cref="RelayRefusal.None"/> when the ticket verified.</summary>
    public RelayRefusal Refusal { get; }

    /// <summary>The verified ticket's MAC; empty when refused.</summary>
    public ReadOnlyMemory<byte> Mac { get; }

    internal static RelayTicketVerification Accepted(RelayTicket ticket, byte[] mac) => new(ticket, RelayRefusal.None, mac);

    internal static RelayTicketVerification Refused(RelayRefusal refusal) => new(null, refusal, []);
}
