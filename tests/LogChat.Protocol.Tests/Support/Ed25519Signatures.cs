using System.Numerics;
using System.Security.Cryptography;

namespace LogChat.Protocol.Tests.Support;

/// <summary>
/// Ed25519 signing and three verification equations written out from RFC 8032 on <see cref="Ed25519Reference"/>, without
/// libsodium: the rule of docs/protocol.md section 7.1 in its own words, and the cofactorless and cofactored equations that
/// looser verifiers use, to show what each rejected-signature vector would pass. Slow; for tests only.
/// </summary>
internal static class Ed25519Signatures
{
    public const int SignatureSize = 64;

    private const int HalfSize = 32;

    /// <summary>The secret scalar (clamped) and the nonce prefix of an RFC 8032 private key (the seed).</summary>
    public static (BigInteger Scalar, byte[] Prefix) Expand(ReadOnlySpan<byte> seed)
    {
        var digest = SHA512.HashData(seed);
        digest[0] &= 248;
        digest[31] &= 127;
        digest[31] |= 64;
        return (Scalar(digest.AsSpan(0, HalfSize)), digest[HalfSize..]);
    }

    /// <summary>k = SHA-512(R || A || M) read little-endian, reduced modulo L.</summary>
    public static BigInteger Challenge(ReadOnlySpan<byte> r, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message) =>
        Scalar(SHA512.HashData([.. r, .. publicKey, .. message])) % Ed25519Reference.GroupOrder;

    /// <summary>R || S with S written as 32 bytes little-endian (S may be 2^256 - 1 at most, reduced or not).</summary>
    public static byte[] Signature(ReadOnlySpan<byte> r, BigInteger s)
    {
        var signature = new byte[SignatureSize];
        r.CopyTo(signature);
        s.TryWriteBytes(signature.AsSpan(HalfSize), out _, isUnsigned: true, isBigEndian: false);
        return signature;
    }

    /// <summary>The signature of a secret scalar over a message, with nonce r, for the encoded public key given.</summary>
    public static byte[] Sign(BigInteger scalar, BigInteger nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        var r = Ed25519Reference.Base.Multiply(nonce).Encode();
        return Signature(r, (nonce + (Challenge(r, publicKey, message) * scalar)) % Ed25519Reference.GroupOrder);
    }

    /// <summary>
    /// docs/protocol.md section 7.1: A a valid identity key, S below L, R the canonical encoding of a point not of small
    /// order, and the encoding of [S]B - [k]A equal to R byte for byte (cofactorless).
    /// </summary>
    public static bool VerifiesUnderTheProtocol(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureSize
        && Ed25519Reference.IsValidIdentityKey(publicKey)
        && Scalar(signature[HalfSize..]) < Ed25519Reference.GroupOrder
        && Ed25519Reference.TryDecode(signature[..HalfSize], out var r)
        && !r.HasSmallOrder
        && Difference(publicKey, message, signature) is { } difference
        && difference.Encode().AsSpan().SequenceEqual(signature[..HalfSize]);

    /// <summary>[S]B = R + [k]A as points, S as given (unreduced), any decodable R and A.</summary>
    public static bool CofactorlessEquationHolds(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Ed25519Reference.TryDecode(signature[..HalfSize], out var r)
        && Difference(publicKey, message, signature) is { } difference
        && difference.SameAs(r);

    /// <summary>[8][S]B = [8]R + [8][k]A, S as given, any decodable R and A.</summary>
    public static bool CofactoredEquationHolds(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Ed25519Reference.TryDecode(signature[..HalfSize], out var r)
        && Difference(publicKey, message, signature) is { } difference
        && difference.Add(r.Negate()).HasSmallOrder;

    /// <summary>A little-endian unsigned integer.</summary>
    public static BigInteger Scalar(ReadOnlySpan<byte> littleEndian) => new(littleEndian, isUnsigned: true, isBigEndian: false);

    // [S]B - [k]A, or null when A does not decode.
    private static Ed25519Reference? Difference(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!Ed25519Reference.TryDecode(publicKey, out var a))
        {
            return null;
        }

        var k = Challenge(signature[..HalfSize], publicKey, message);
        return Ed25519Reference.Base.Multiply(Scalar(signature[HalfSize..])).Add(a.Multiply(k).Negate());
    }
}
