using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LogChat.Gateway.Tests.Fuzzing;

/// <summary>How a fuzzed request body was made.</summary>
public enum FuzzKind
{
    /// <summary>A well-formed request message with random field values.</summary>
    ValidMessage,

    /// <summary>A well-formed frame around random bytes.</summary>
    RandomPayload,

    /// <summary>A well-formed frame around a request message with some bytes flipped, dropped or inserted.</summary>
    MutatedMessage,

    /// <summary>A gzip frame (flag 1, grpc-encoding gzip) of random bytes.</summary>
    GzipOfRandom,

    /// <summary>A gzip frame whose payload is not gzip.</summary>
    CorruptGzip,

    /// <summary>A frame whose length prefix is larger than the request limit.</summary>
    Oversize,

    /// <summary>A frame cut short of its length prefix.</summary>
    Truncated,

    /// <summary>A frame followed by more bytes.</summary>
    TrailingBytes,

    /// <summary>A frame with the compressed flag but no grpc-encoding.</summary>
    CompressedWithoutEncoding,

    /// <summary>Random bytes, framing included.</summary>
    RawRandom,
}

/// <summary>One fuzzed request body for a method, and the grpc-encoding header to send with it, if any.</summary>
public sealed record FuzzBody(FuzzKind Kind, byte[] Content, string? Encoding)
{
    /// <summary>Whether the framing is sound (one complete frame the server can decode), so that only the message may be bad.</summary>
    public bool WellFramed => Kind is FuzzKind.ValidMessage or FuzzKind.RandomPayload or FuzzKind.MutatedMessage or FuzzKind.GzipOfRandom or FuzzKind.CorruptGzip;

    public static FuzzBody Make(FuzzKind kind, MessageDescriptor request, Random random, int maxRequestBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        var message = SampleMessage(request, random);
        return kind switch
        {
            FuzzKind.ValidMessage => new(kind, Frame(message), null),
            FuzzKind.RandomPayload => new(kind, Frame(Bytes(random, random.Next(0, 96))), null),
            FuzzKind.MutatedMessage => new(kind, Frame(Mutate(message, random)), null),
            FuzzKind.GzipOfRandom => new(kind, Frame(Gzip(Bytes(random, random.Next(1, 96))), compressed: true), "gzip"),
            FuzzKind.CorruptGzip => new(kind, Frame(Bytes(random, random.Next(1, 96)), compressed: true), "gzip"),
            FuzzKind.Oversize => new(kind, Frame(Bytes(random, maxRequestBytes + random.Next(1, 4096))), null),
            FuzzKind.Truncated => new(kind, Frame(message.Length > 0 ? message : Bytes(random, 8))[..^1], null),
            FuzzKind.TrailingBytes => new(kind, [.. Frame(message), .. Bytes(random, random.Next(1, 16))], null),
            FuzzKind.CompressedWithoutEncoding => new(kind, Frame(message, compressed: true), null),
            FuzzKind.RawRandom => new(kind, Bytes(random, random.Next(1, 64)), null),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static byte[] Frame(byte[] payload, bool compressed = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Mutate(byte[] message, Random random)
    {
        var bytes = message.Length > 0 ? message.ToList() : [.. Bytes(random, 4)];
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. bytes];
    }

    // Every scalar field set to a plausible or random value, so that a mutation has fields to break.
    private static byte[] SampleMessage(MessageDescriptor descriptor, Random random)
    {
        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (SampleValue(field, random) is not { } value)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                ((System.Collections.IList)field.Accessor.GetValue(message)).Add(value);
            }
            else
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message.ToByteArray();
    }

    private static object? SampleValue(FieldDescriptor field, Random random) => field.FieldType switch
    {
        FieldType.String => random.Next(3) switch
        {
            0 => "alice",
            1 => Guid.NewGuid().ToString(),
            _ => new string((char)random.Next('a', 'z' + 1), random.Next(1, 40)),
        },
        FieldType.Bytes => ByteString.CopyFrom(Bytes(random, random.Next(0, 2) == 0 ? 32 : random.Next(0, 70))),
        FieldType.UInt32 => (uint)random.Next(0, 70000),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, random.Next(0, 12)),
        _ => null,
    };
}
