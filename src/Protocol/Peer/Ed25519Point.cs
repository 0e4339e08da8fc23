using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The strict check of an encoded Ed25519 point, done by libsodium's <c>crypto_core_ed25519_is_valid_point</c>
/// in the native library that NSec ships and loads.
/// </summary>
internal static partial class Ed25519Point
{
    /// <summary>Size of an encoded point.</summary>
    public const int EncodedSize = 32;

    /// <summary>
    /// NSec loads libsodium, refuses any version but the one it was built for (1.0.22; libsodium before 1.0.21
    /// took a point with an order-2 component for one of prime order) and calls sodium_init() when it makes
    /// its first algorithm; this class calls libsodium only after that.
    /// </summary>
    static Ed25519Point() => _ = SignatureAlgorithm.Ed25519;

    /// <summary>
    /// True when <paramref name="encoded"/> is the 32-byte canonical encoding of a point of prime order L: y below p,
    /// x recoverable, not one of the eight points of small order, and [L]P the identity. libsodium's decoding lets
    /// a set sign bit with x = 0 through, but x = 0 only for y = 1 and y = p - 1, two small-order points that it
    /// refuses whatever the sign bit.
    /// </summary>
    public static bool IsCanonicalWithPrimeOrder(ReadOnlySpan<byte> encoded) =>
        encoded.Length == EncodedSize && crypto_core_ed25519_is_valid_point(encoded) == 1;

    [LibraryImport("libsodium")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int crypto_core_ed25519_is_valid_point(ReadOnlySpan<byte> p);
}
