using System.Security.Cryptography;
using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>HKDF-SHA256 (RFC 5869), extract then expand, over secrets held in NSec objects.</summary>
internal static class KeyDerivation
{
    /// <summary>Size of a derived chain secret (the SHA-256 output size).</summary>
    public const int SecretSize = 32;

    private static readonly KeyDerivationAlgorithm2 Hkdf = KeyDerivationAlgorithm.HkdfSha256;

    /// <summary>HKDF-SHA256(ikm, salt, info) into <paramref name="output"/>.</summary>
    public static void DeriveBytes(SharedSecret ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output) =>
        Hkdf.DeriveBytes(ikm, salt, info, output);

    /// <summary>HKDF-SHA256(ikm, salt, info), sized for and imported as a key of <paramref name="algorithm"/>.</summary>
    public static Key DeriveKey(SharedSecret ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Algorithm algorithm, KeyExportPolicies exportPolicy) =>
        Hkdf.DeriveKey(ikm, salt, info, algorithm, new KeyCreationParameters { ExportPolicy = exportPolicy });

    /// <summary>HKDF-SHA256(ikm, salt, info) with 32 bytes of output, kept as a secret for further derivation.</summary>
    public static SharedSecret DeriveSecret(SharedSecret ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, KeyExportPolicies exportPolicy)
    {
        Span<byte> output = stackalloc byte[SecretSize];
        try
        {
            Hkdf.DeriveBytes(ikm, salt, info, output);
            return SharedSecret.Import(output, SharedSecretBlobFormat.RawSharedSecret, new SharedSecretCreationParameters { ExportPolicy = exportPolicy });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }
}
