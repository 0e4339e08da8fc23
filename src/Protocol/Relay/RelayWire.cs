using System.Buffers.Binary;

namespace LogChat.Protocol.Relay;

/// <summary>
/// The start of a relay connection: a two-byte big-endian length, the ticket, then the relay's one-byte answer
/// (<see cref="RelayRefusal"/>). After an answer of <see cref="RelayRefusal.None"/> the connection carries the peers' TLS.
/// </summary>
public static class RelayWire
{
    /// <summary>The size of the ticket's length prefix.</summary>
    public const int LengthPrefixBytes = 2;

    /// <summary>The largest ticket length a client may announce.</summary>
    public const int MaxTicketBytes = 1024;

    /// <summary>The length prefix followed by the ticket, as a client writes them.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> ticket)
    {
        if (ticket.Length is < 1 or > MaxTicketBytes)
        {
            throw new ArgumentException($"a relay ticket must be 1-{MaxTicketBytes} bytes", nameof(ticket));
        }

        var frame = new byte[LengthPrefixBytes + ticket.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)ticket.Length);
        ticket.CopyTo(frame.AsSpan(LengthPrefixBytes));
        return frame;
    }
}
