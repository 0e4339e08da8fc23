using System.Numerics;
using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>A fresh X25519 (RFC 7748) key pair for one session. The private key never leaves NSec.</summary>
internal sealed class EphemeralKeyPair : IDisposable
{
    /// <summary>Size of an X25519 public key (a u-coordinate, little-endian).</summary>
    public const int PublicKeySize = 32;

    /// <summary>Size of an X25519 private key (a scalar, clamped on use).</summary>
    public const int PrivateKeySize = 32;

    /// <summary>The high bit of the last byte, which RFC 7748 leaves unused; this protocol requires it clear.</summary>
    private const byte UnusedHighBit = 0x80;

    private static readonly KeyAgreementAlgorithm Algorithm = KeyAgreementAlgorithm.X25519;

    private static readonly BigInteger FieldPrime = BigInteger.Pow(2, 255) - 19;

    /// <summary>
    /// The canonical u-coordinates of the points of small order on the curve and its twist (those
    /// that give an all-zero shared secret with every private key): 0, 1, the two points of order 8
    /// and p - 1.
    /// </summary>
    private static readonly byte[][] LowOrderPoints =
    [
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
        Convert.FromHexString("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    ];

    private readonly Key _key;

    private EphemeralKeyPair(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The 32-byte public key sent to the peer.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Creates a new random key pair.</summary>
    public static EphemeralKeyPair Generate() => new(Key.Create(Algorithm));

    /// <summary>Imports a fixed private key: for known-answer tests and test vectors only.</summary>
    public static EphemeralKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An X25519 private key is {PrivateKeySize} bytes.", nameof(privateKey));
        }

        return new(Key.Import(Algorithm, privateKey, KeyBlobFormat.RawPrivateKey));
    }

    /// <summary>
    /// True when <paramref name="publicKey"/> is 32 bytes, canonical (high bit clear, u below the
    /// field prime) and not a point of small order.
    /// </summary>
    public static bool IsAcceptablePublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize || (publicKey[^1] & UnusedHighBit) != 0)
        {
            return false;
        }

        if (new BigInteger(publicKey, isUnsigned: true, isBigEndian: false) >= FieldPrime)
        {
            return false;
        }

        foreach (var lowOrderPoint in LowOrderPoints)
        {
            if (publicKey.SequenceEqual(lowOrderPoint))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// X25519 with the peer's public key, or null when that key is not acceptable or the shared
    /// secret is all zero.
    /// </summary>
    public SharedSecret? Agree(ReadOnlySpan<byte> peerPublicKey, KeyExportPolicies exportPolicy = KeyExportPolicies.None)
    {
        if (!IsAcceptablePublicKey(peerPublicKey)
            || !NSec.Cryptography.PublicKey.TryImport(Algorithm, peerPublicKey, KeyBlobFormat.RawPublicKey, out var peerKey))
        {
            return null;
        }

        // NSec (libsodium) refuses an all-zero result and returns null for it.
        return Algorithm.Agree(_key, peerKey!, new SharedSecretCreationParameters { ExportPolicy = exportPolicy });
    }

    /// <summary>Zeroes the private key.</summary>
    public void Dispose() => _key.Dispose();
}
