using System.Buffers.Binary;
using System.Text;
using LogChat.Protocol.Peer;

namespace LogChat.Protocol.Accounts;

/// <summary>
/// The statement an old identity key signs to hand over to a new one (docs/protocol.md section 23):
/// <c>"LogChat key rotation v1" || uuid(user id) || old key || new key || u64be(rotated at)</c>, 111 bytes.
/// Its own label keeps it apart from every other signature an identity key makes (the handshake's starts with another).
/// </summary>
public static class KeyRotationStatement
{
    /// <summary>The domain-separation label at the start of the statement.</summary>
    public const string Label = "LogChat key rotation v1";

    /// <summary>Bytes of an encoded statement.</summary>
    public const int Size = 23 + 16 + (2 * IdentityPublicKey.Size) + 8;

    private static readonly byte[] LabelBytes = Encoding.ASCII.GetBytes(Label);

    /// <summary>The bytes signed for the rotation of <paramref name="userId"/>'s key from <paramref name="oldKey"/> to <paramref name="newKey"/>.</summary>
    public static byte[] Encode(Guid userId, ReadOnlySpan<byte> oldKey, ReadOnlySpan<byte> newKey, long rotatedAt)
    {
        if (oldKey.Length != IdentityPublicKey.Size || newKey.Length != IdentityPublicKey.Size)
        {
            throw new ArgumentException($"Identity keys are {IdentityPublicKey.Size} bytes.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(rotatedAt);
        var statement = new byte[Size];
        var rest = statement.AsSpan();
        LabelBytes.CopyTo(rest);
        rest = rest[LabelBytes.Length..];
        userId.TryWriteBytes(rest, bigEndian: true, out _);
        rest = rest[16..];
        oldKey.CopyTo(rest);
        rest = rest[IdentityPublicKey.Size..];
        newKey.CopyTo(rest);
        BinaryPrimitives.WriteUInt64BigEndian(rest[IdentityPublicKey.Size..], (ulong)rotatedAt);
        return statement;
    }

    /// <summary>Signs, with the old identity key, the rotation of <paramref name="userId"/>'s key to <paramref name="newKey"/>.</summary>
    public static KeyRotation Sign(IdentityKeyPair oldIdentity, Guid userId, byte[] newKey, long rotatedAt)
    {
        ArgumentNullException.ThrowIfNull(oldIdentity);
        ArgumentNullException.ThrowIfNull(newKey);
        var oldKey = oldIdentity.PublicKey;
        return new KeyRotation(oldKey, newKey.ToArray(), rotatedAt, oldIdentity.Sign(Encode(userId, oldKey, newKey, rotatedAt)));
    }

    /// <summary>
    /// True when <paramref name="rotation"/> is well formed (two valid, distinct identity keys, a time, a 64-byte signature)
    /// and its old key signed it for <paramref name="userId"/>, under the verification rule of section 7.1.
    /// </summary>
    public static bool Verify(Guid userId, KeyRotation rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        return rotation.OldKey is { Length: IdentityPublicKey.Size }
            && rotation.NewKey is { Length: IdentityPublicKey.Size }
            && rotation.RotatedAt >= 0
            && !rotation.OldKey.AsSpan().SequenceEqual(rotation.NewKey)
            && IdentityPublicKey.IsValid(rotation.NewKey)
            && rotation.Signature is { Length: IdentitySignature.Size }
            && IdentitySignature.Verify(rotation.OldKey, Encode(userId, rotation.OldKey, rotation.NewKey, rotation.RotatedAt), rotation.Signature);
    }
}
