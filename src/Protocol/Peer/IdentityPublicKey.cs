namespace LogChat.Protocol.Peer;

/// <summary>Checks on Ed25519 identity public keys received from elsewhere.</summary>
public static class IdentityPublicKey
{
    /// <summary>Size of an Ed25519 public key.</summary>
    public const int Size = Ed25519Point.EncodedSize;

    /// <summary>
    /// True when <paramref name="key"/> is exactly 32 bytes and the canonical encoding of a point
    /// of the Ed25519 curve in its prime-order subgroup: y below the field prime, x recoverable,
    /// no "negative zero" x, not the identity and no small-order component. Every key made by
    /// RFC 8032 key generation passes.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> key) =>
        Ed25519Point.IsCanonicalWithPrimeOrder(key);
}
