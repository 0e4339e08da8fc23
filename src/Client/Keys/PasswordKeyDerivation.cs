using System.Security.Cryptography;
using System.Text;
using Isopoh.Cryptography.Argon2;
using NSec.Cryptography;

namespace LogChat.Client.Keys;

/// <summary>Derives the AES-256-GCM key that protects the identity key at rest from the user's password (Argon2id).</summary>
public static class PasswordKeyDerivation
{
    /// <summary>Bytes of random salt stored with each encrypted key.</summary>
    public const int SaltSize = 16;

    /// <summary>Returns an NSec key (zeroed on dispose) derived from <paramref name="password"/> and <paramref name="salt"/>.</summary>
    public static Key DeriveKey(string password, ReadOnlySpan<byte> salt, PasswordKeyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();

        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            var config = new Argon2Config
            {
                Type = Argon2Type.HybridAddressing,
                Version = Argon2Version.Nineteen,
                MemoryCost = parameters.MemoryKib,
                TimeCost = parameters.Iterations,
                Lanes = parameters.Parallelism,
                Threads = parameters.Parallelism,
                Password = passwordBytes,
                Salt = salt.ToArray(),
                HashLength = 32,
                ClearPassword = true,
            };
            using var argon2 = new Argon2(config);
            using var hash = argon2.Hash();
            return Key.Import(AeadAlgorithm.Aes256Gcm, hash.Buffer, KeyBlobFormat.RawSymmetricKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }
}
