using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>
/// A user's long-term Ed25519 identity key. The private key stays inside an NSec key, which
/// zeroes its memory on <see cref="Dispose"/>; it leaves only through <see cref="ExportPrivateKey"/>,
/// for storage encrypted at rest.
/// </summary>
public sealed class IdentityKeyPair : IDisposable
{
    /// <summary>Size of an RFC 8032 private key (the seed).</summary>
    public const int PrivateKeySize = 32;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly Key _key;

    private IdentityKeyPair(Key key)
    {
        _key = key;
        PublicKeyBytes = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The 32-byte Ed25519 public key (a fresh copy on every read).</summary>
    public byte[] PublicKey => (byte[])PublicKeyBytes.Clone();

    internal byte[] PublicKeyBytes { get; }

    /// <summary>Creates a new random identity key.</summary>
    public static IdentityKeyPair Generate() =>
        new(Key.Create(Algorithm, Exportable()));

    /// <summary>Restores an identity key from its 32-byte RFC 8032 private key (the seed).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static IdentityKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey32)
    {
        if (privateKey32.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An identity private key is {PrivateKeySize} bytes.", nameof(privateKey32));
        }

        return new(Key.Import(Algorithm, privateKey32, KeyBlobFormat.RawPrivateKey, Exportable()));
    }

    /// <summary>Writes the 32-byte private key (the seed) into <paramref name="destination32"/>.</summary>
    /// <exception cref="ArgumentException">The destination is not 32 bytes.</exception>
    public void ExportPrivateKey(Span<byte> destination32)
    {
        if (destination32.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An identity private key is {PrivateKeySize} bytes.", nameof(destination32));
        }

        if (!_key.TryExport(KeyBlobFormat.RawPrivateKey, destination32, out _))
        {
            throw new InvalidOperationException("The identity private key could not be exported.");
        }
    }

    /// <summary>Signs <paramref name="data"/> with Ed25519 (RFC 8032, pure).</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data) => Algorithm.Sign(_key, data);

    /// <summary>Zeroes the private key.</summary>
    public void Dispose() => _key.Dispose();

    private static KeyCreationParameters Exportable() =>
        new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
