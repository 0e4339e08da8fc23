using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Sessions;

/// <summary>
/// Makes session ids that carry a MAC, and checks it before anything looks a session up: an id the cluster never
/// issued is refused without activating a session grain or reading the database (docs/decisions.md, "Session ids").
/// An id stays a 16-byte UUID (version 8, RFC 9562: its 122 free bits are the implementation's), so nothing that
/// carries one changes shape: 64 random bits, then the first 58 bits of HMAC-SHA256 over them under the cluster's key.
/// </summary>
public sealed class SessionIdAuthenticator
{
    private const int RandomBits = 64;
    private const int MacBits = 122 - RandomBits;
    private const ulong MacMask = (1UL << MacBits) - 1;

    // The label keeps a MAC made here from ever standing for another use of the same key.
    private static readonly byte[] Label = "logchat session id v1"u8.ToArray();

    private readonly byte[] _key;
    private readonly byte[]? _previousKey;

    public SessionIdAuthenticator(IOptions<SessionIdOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = SessionIdOptions.Decode(options.Value.Key)
            ?? throw new ArgumentException($"{SessionIdOptions.Section}:Key must be base64 of at least {SessionIdOptions.MinKeyBytes} bytes", nameof(options));
        _previousKey = SessionIdOptions.Decode(options.Value.PreviousKey);
    }

    /// <summary>A new session id with a MAC under the current key.</summary>
    public Guid Issue()
    {
        var random = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        return Layout((UInt128)random << MacBits | Mac(_key, random));
    }

    /// <summary>Whether <paramref name="sessionId"/> is one that a gateway of this cluster issued.</summary>
    public bool IsGenuine(Guid sessionId)
    {
        if (Payload(sessionId) is not { } payload)
        {
            return false;
        }

        var random = (ulong)(payload >> MacBits);
        var carried = (ulong)payload & MacMask;
        return Matches(Mac(_key, random), carried) | (_previousKey is not null && Matches(Mac(_previousKey, random), carried));
    }

    private static ulong Mac(byte[] key, ulong random)
    {
        Span<byte> message = stackalloc byte[Label.Length + sizeof(ulong)];
        Label.CopyTo(message);
        BinaryPrimitives.WriteUInt64BigEndian(message[Label.Length..], random);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, mac);
        return BinaryPrimitives.ReadUInt64BigEndian(mac) >> (64 - MacBits);
    }

    private static bool Matches(ulong expected, ulong carried)
    {
        Span<byte> left = stackalloc byte[sizeof(ulong)];
        Span<byte> right = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(left, expected);
        BinaryPrimitives.WriteUInt64BigEndian(right, carried);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    // The UUID's bits in string order: 48 payload bits, the version (4 bits, 8), 12 payload bits, the variant
    // (2 bits, 0b10), 62 payload bits.
    private static Guid Layout(UInt128 payload)
    {
        var high = (ulong)(payload >> 74);
        var middle = (ulong)(payload >> 62) & 0xFFF;
        var low = (ulong)payload & ((1UL << 62) - 1);
        var uuid = (UInt128)(high << 16 | 0x8000UL | middle) << 64 | (0b10UL << 62 | low);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, uuid);
        return new Guid(bytes, bigEndian: true);
    }

    private static UInt128? Payload(Guid sessionId)
    {
        Span<byte> bytes = stackalloc byte[16];
        sessionId.TryWriteBytes(bytes, bigEndian: true, out _);
        var uuid = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var first = (ulong)(uuid >> 64);
        var second = (ulong)uuid;
        if ((first >> 12 & 0xF) != 8 || second >> 62 != 0b10)
        {
            return null;
        }

        return (UInt128)(first >> 16) << 74 | (UInt128)(first & 0xFFF) << 62 | (second & ((1UL << 62) - 1));
    }
}
