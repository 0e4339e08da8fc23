using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace LogChat.Protocol.Accounts;

/// <summary>
/// The two secrets a password yields on the device: one Argon2id pass over the password with the login salt, then
/// HKDF-SHA256 with distinct labels. The login secret goes to the coordinator instead of the password (which never
/// leaves the device); the key-encryption key seals the identity key at rest and never leaves the device either.
/// Knowing one tells nothing about the other. Both are zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class PasswordSecrets : IDisposable
{
    /// <summary>Bytes of the login salt (GetLoginSaltResponse.salt).</summary>
    public const int SaltSize = 16;

    /// <summary>Bytes of each derived secret.</summary>
    public const int SecretSize = 32;

    /// <summary>The fewest and most UTF-8 bytes a password may have.</summary>
    public const int MinPasswordBytes = 8;

    /// <inheritdoc cref="MinPasswordBytes"/>
    public const int MaxPasswordBytes = 1024;

    private static readonly byte[] LoginLabel = Encoding.ASCII.GetBytes("logchat login secret v2");
    private static readonly byte[] KeyEncryptionLabel = Encoding.ASCII.GetBytes("logchat identity key encryption v2");

    private PasswordSecrets(byte[] loginSecret, byte[] keyEncryptionKey)
    {
        LoginSecret = loginSecret;
        KeyEncryptionKey = keyEncryptionKey;
    }

    /// <summary>Sent to the coordinator at registration and login.</summary>
    public byte[] LoginSecret { get; }

    /// <summary>The AES-256-GCM key of the identity key file; stays on the device.</summary>
    public byte[] KeyEncryptionKey { get; }

    /// <summary>
    /// Derives both secrets from <paramref name="password"/> and <paramref name="salt"/> at <paramref name="cost"/>;
    /// <see cref="ArgumentException"/> for a salt of the wrong size or a cost outside what a client accepts.
    /// </summary>
    public static PasswordSecrets Derive(string password, ReadOnlySpan<byte> salt, PasswordCost cost)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(cost);
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"The login salt must be {SaltSize} bytes.", nameof(salt));
        }

        if (!cost.IsAccepted)
        {
            throw new ArgumentException(
                $"Argon2id cost {cost.MemoryKib} KiB × {cost.Iterations} is outside what this client computes (at least {PasswordCost.Floor.MemoryKib} KiB × {PasswordCost.Floor.Iterations}).",
                nameof(cost));
        }

        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var master = new byte[SecretSize];
        try
        {
            var parameters = new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = cost.MemoryKib, NumberOfPasses = cost.Iterations };
            PasswordBasedKeyDerivationAlgorithm.Argon2id(in parameters).DeriveBytes(passwordBytes, salt, master);
            return new PasswordSecrets(
                HKDF.Expand(HashAlgorithmName.SHA256, master, SecretSize, LoginLabel),
                HKDF.Expand(HashAlgorithmName.SHA256, master, SecretSize, KeyEncryptionLabel));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(master);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(LoginSecret);
        CryptographicOperations.ZeroMemory(KeyEncryptionKey);
    }
}
