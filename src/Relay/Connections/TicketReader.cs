using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using LogChat.Protocol.Relay;

namespace LogChat.Relay.Connections;

/// <summary>
/// Reads the length-prefixed ticket a connection starts with, and consumes exactly those bytes: whatever follows
/// (the peers' TLS) stays in the pipe for the copy.
/// </summary>
internal static class TicketReader
{
    /// <summary>The ticket's bytes, or null when the length is out of range or the connection ends first.</summary>
    public static async ValueTask<byte[]?> ReadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (TryTake(ref buffer, out var ticket, out var malformed))
            {
                input.AdvanceTo(buffer.Start);
                return ticket;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (malformed || read.IsCompleted || read.IsCanceled)
            {
                return null;
            }
        }
    }

    private static bool TryTake(ref ReadOnlySequence<byte> buffer, out byte[]? ticket, out bool malformed)
    {
        ticket = null;
        malformed = false;
        if (buffer.Length < RelayWire.LengthPrefixBytes)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[RelayWire.LengthPrefixBytes];
        buffer.Slice(0, RelayWire.LengthPrefixBytes).CopyTo(prefix);
        var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
        if (length is < 1 or > RelayWire.MaxTicketBytes)
        {
            malformed = true;
            return false;
        }

        if (buffer.Length < RelayWire.LengthPrefixBytes + length)
        {
            return false;
        }

        ticket = buffer.Slice(RelayWire.LengthPrefixBytes, length).ToArray();
        buffer = buffer.Slice(RelayWire.LengthPrefixBytes + length);
        return true;
    }
}
