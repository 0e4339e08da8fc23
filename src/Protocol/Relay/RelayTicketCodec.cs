using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LogChat.Protocol.Sessions;

namespace LogChat.Protocol.Relay;

/// <summary>
/// A relay ticket's bytes (version 1, docs/protocol.md): version, key id, session id, side, expiry, relay id, then
/// HMAC-SHA256 over everything before it under the key named by the key id. Verification needs only the keys: the
/// relay keeps no database.
/// </summary>
public static class RelayTicketCodec
{
    public const byte Version = 1;

    /// <summary>The longest relay id, in UTF-8 bytes.</summary>
    public const int MaxRelayIdBytes = 64;

    private const int KeyIdOffset = 1;
    private const int SessionIdOffset = 2;
    private const int SideOffset = 18;
    private const int ExpiresAtOffset = 19;
    private const int RelayIdLengthOffset = 27;
    private const int RelayIdOffset = 28;
    private const int MacBytes = HMACSHA256.HashSizeInBytes;

    /// <summary>The shortest ticket: a one-byte relay id.</summary>
    public const int MinBytes = RelayIdOffset + 1 + MacBytes;

    /// <summary>The longest ticket: a relay id of <see cref="MaxRelayIdBytes"/>.</summary>
    public const int MaxBytes = RelayIdOffset + MaxRelayIdBytes + MacBytes;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The ticket's bytes, signed with the keyring's current key.</summary>
    public static byte[] Issue(RelayTicket ticket, RelayTicketKeyring keyring)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(keyring);
        if (ticket.Side is not (RelaySide.Host or RelaySide.Dialer))
        {
            throw new ArgumentException($"a relay ticket's side must be host or dialer, not {ticket.Side}", nameof(ticket));
        }

        var relayIdLength = string.IsNullOrEmpty(ticket.RelayId) ? 0 : StrictUtf8.GetByteCount(ticket.RelayId);
        if (relayIdLength is < 1 or > MaxRelayIdBytes)
        {
            throw new ArgumentException($"a relay id must be 1-{MaxRelayIdBytes} UTF-8 bytes", nameof(ticket));
        }

        var key = keyring.Current;
        var bytes = new byte[RelayIdOffset + relayIdLength + MacBytes];
        bytes[0] = Version;
        bytes[KeyIdOffset] = key.Id;
        ticket.SessionId.Value.TryWriteBytes(bytes.AsSpan(SessionIdOffset, 16), bigEndian: true, out _);
        bytes[SideOffset] = (byte)ticket.Side;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(ExpiresAtOffset), ticket.ExpiresAt.ToUnixTimeSeconds());
        bytes[RelayIdLengthOffset] = (byte)relayIdLength;
        StrictUtf8.GetBytes(ticket.RelayId, bytes.AsSpan(RelayIdOffset));
        var signed = RelayIdOffset + relayIdLength;
        HMACSHA256.HashData(key.Secret, bytes.AsSpan(0, signed), bytes.AsSpan(signed));
        return bytes;
    }

    /// <summary>
    /// Verifies <paramref name="bytes"/> for the relay <paramref name="relayId"/> at <paramref name="now"/>. The MAC
    /// is compared in constant time before any field but the version and key id is read; nothing here throws on
    /// any input.
    /// </summary>
    public static RelayTicketVerification Verify(ReadOnlySpan<byte> bytes, RelayTicketKeyring keyring, string relayId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        if (bytes.Length is < MinBytes or > MaxBytes || bytes[0] != Version)
        {
            return RelayTicketVerification.Refused(RelayRefusal.Malformed);
        }

        if (keyring.Find(bytes[KeyIdOffset]) is not { } key)
        {
            return RelayTicketVerification.Refused(RelayRefusal.BadMac);
        }

        // The MAC's place follows from the length alone; the relay id length byte is checked against it once the
        // MAC has verified.
        var signed = bytes.Length - MacBytes;
        Span<byte> expected = stackalloc byte[MacBytes];
        HMACSHA256.HashData(key.Secret, bytes[..signed], expected);
        var mac = bytes[signed..];
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return RelayTicketVerification.Refused(RelayRefusal.BadMac);
        }

        return Parse(bytes[..signed], mac, relayId, now);
    }

    /// <summary>
    /// Whether <paramref name="bytes"/> is laid out as a ticket of this version for <paramref name="sessionId"/> and
    /// <paramref name="side"/>. A client holds no ticket key, so it cannot check the MAC; it checks this before it writes
    /// a ticket its coordinator gave it to a relay, so that a coordinator cannot make it send bytes of its own choosing.
    /// </summary>
    public static bool IsLaidOutFor(ReadOnlySpan<byte> bytes, SessionId sessionId, RelaySide side)
    {
        if (bytes.Length is < MinBytes or > MaxBytes || bytes[0] != Version || bytes[SideOffset] != (byte)side)
        {
            return false;
        }

        var signed = bytes[..^MacBytes];
        Span<byte> expectedSessionId = stackalloc byte[16];
        sessionId.Value.TryWriteBytes(expectedSessionId, bigEndian: true, out _);
        return signed.Slice(SessionIdOffset, 16).SequenceEqual(expectedSessionId)
            && signed[RelayIdLengthOffset] == signed.Length - RelayIdOffset
            && TryDecode(signed[RelayIdOffset..], out _);
    }

    private static RelayTicketVerification Parse(ReadOnlySpan<byte> signed, ReadOnlySpan<byte> mac, string relayId, DateTimeOffset now)
    {
        var side = (RelaySide)signed[SideOffset];
        var relayIdBytes = signed[RelayIdOffset..];
        if (signed[RelayIdLengthOffset] != relayIdBytes.Length || side is not (RelaySide.Host or RelaySide.Dialer)
            || !TryDecode(relayIdBytes, out var ticketRelayId))
        {
            return RelayTicketVerification.Refused(RelayRefusal.Malformed);
        }

        if (!string.Equals(ticketRelayId, relayId, StringComparison.Ordinal))
        {
            return RelayTicketVerification.Refused(RelayRefusal.WrongRelay);
        }

        var expiresAtSeconds = BinaryPrimitives.ReadInt64BigEndian(signed[ExpiresAtOffset..]);
        if (expiresAtSeconds <= now.ToUnixTimeSeconds())
        {
            return RelayTicketVerification.Refused(RelayRefusal.Expired);
        }

        var sessionId = new SessionId(new Guid(signed.Slice(SessionIdOffset, 16), bigEndian: true));
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expiresAtSeconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        return RelayTicketVerification.Accepted(new RelayTicket(sessionId, side, expiresAt, ticketRelayId), mac.ToArray());
    }

    private static bool TryDecode(ReadOnlySpan<byte> utf8, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }
}
