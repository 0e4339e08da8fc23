using System.Security.Cryptography;
using System.Text;
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
            var argon2id = new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = parameters.MemoryKib, NumberOfPasses = parameters.Iterations };
            return PasswordBasedKeyDerivationAlgorithm.Argon2id(in argon2id).DeriveKey(
                passwordBytes, salt, AeadAlgorithm.Aes256Gcm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }
}
