using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>Verification of Ed25519 (RFC 8032) signatures made by identity keys.</summary>
internal static class IdentitySignature
{
    /// <summary>Size of an Ed25519 signature.</summary>
    public const int Size = 64;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="data"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == Size
        && IdentityPublicKey.IsValid(publicKey)
        && PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key)
        && Algorithm.Verify(key!, data, signature);
}
