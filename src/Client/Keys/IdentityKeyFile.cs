namespace LogChat.Client.Keys;

/// <summary>The JSON layout of <c>identity.key</c>: the public key in the clear, the private key sealed with AES-256-GCM.</summary>
/// <param name="Version">Layout version, <see cref="CurrentVersion"/>.</param>
/// <param name="Username">Whose key it is; bound into the ciphertext's associated data.</param>
/// <param name="PublicKey">The Ed25519 identity public key.</param>
/// <param name="Kdf">Always <see cref="PasswordV2"/>: Argon2id, then HKDF (docs/protocol.md, "Passwords").</param>
/// <param name="MemoryKib">Argon2id memory in KiB.</param>
/// <param name="Iterations">Argon2id passes.</param>
/// <param name="Parallelism">Argon2id lanes: always 1.</param>
/// <param name="Salt">The login salt the coordinator gave at registration; the only one this profile ever uses.</param>
/// <param name="Nonce">AES-256-GCM nonce.</param>
/// <param name="Ciphertext">The sealed 32-byte private key with its tag.</param>
internal sealed record IdentityKeyFile(
    int Version,
    string Username,
    byte[] PublicKey,
    string Kdf,
    int MemoryKib,
    int Iterations,
    int Parallelism,
    byte[] Salt,
    byte[] Nonce,
    byte[] Ciphertext)
{
    public const int CurrentVersion = 2;
    public const string PasswordV2 = "logchat-password-v2";

    /// <summary>Version 1 sealed the key under the same password the client sent to the coordinator.</summary>
    public const int PasswordSendingVersion = 1;
}
