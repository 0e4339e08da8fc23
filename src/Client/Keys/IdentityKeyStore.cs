using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogChat.Protocol.Peer;
using NSec.Cryptography;

namespace LogChat.Client.Keys;

/// <summary>
/// Keeps a profile's Ed25519 identity private key on disk, encrypted under a password-derived key
/// (Argon2id, then AES-256-GCM), in a file only the owner can read.
/// </summary>
public static class IdentityKeyStore
{
    private const int PrivateKeySize = 32;
    private static readonly byte[] AssociatedDataLabel = Encoding.ASCII.GetBytes("logchat identity key v1\0");

    /// <summary>Encrypts <paramref name="identity"/> under <paramref name="password"/> and writes it to the profile (0600).</summary>
    public static void Save(ProfileFolder profile, IdentityKeyPair identity, string password, PasswordKeyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(parameters);

        var algorithm = AeadAlgorithm.Aes256Gcm;
        var salt = RandomNumberGenerator.GetBytes(PasswordKeyDerivation.SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(algorithm.NonceSize);
        var publicKey = identity.PublicKey;
        Span<byte> privateKey = stackalloc byte[PrivateKeySize];
        try
        {
            identity.ExportPrivateKey(privateKey);
            using var key = PasswordKeyDerivation.DeriveKey(password, salt, parameters);
            var ciphertext = algorithm.Encrypt(key, nonce, AssociatedData(profile.Username, publicKey), privateKey);
            var file = new IdentityKeyFile(
                IdentityKeyFile.CurrentVersion,
                profile.Username,
                publicKey,
                IdentityKeyFile.Argon2id,
                parameters.MemoryKib,
                parameters.Iterations,
                parameters.Parallelism,
                salt,
                nonce,
                ciphertext);
            profile.Create();
            PrivateFile.WriteAllBytes(profile.IdentityKeyPath, JsonSerializer.SerializeToUtf8Bytes(file, IdentityKeyJson.Default.IdentityKeyFile));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Decrypts the profile's identity key; <see cref="WrongPasswordException"/> when the password does not open it.</summary>
    public static IdentityKeyPair Load(ProfileFolder profile, string password)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var file = Read(profile);
        var parameters = new PasswordKeyParameters(file.MemoryKib, file.Iterations, file.Parallelism);
        Span<byte> privateKey = stackalloc byte[PrivateKeySize];
        try
        {
            using var key = PasswordKeyDerivation.DeriveKey(password, file.Salt, parameters);
            if (file.Ciphertext.Length != PrivateKeySize + AeadAlgorithm.Aes256Gcm.TagSize
                || file.Nonce.Length != AeadAlgorithm.Aes256Gcm.NonceSize
                || !AeadAlgorithm.Aes256Gcm.Decrypt(key, file.Nonce, AssociatedData(profile.Username, file.PublicKey), file.Ciphertext, privateKey))
            {
                throw new WrongPasswordException($"Wrong password for {profile.Username}: the identity key could not be decrypted.");
            }

            var identity = IdentityKeyPair.FromPrivateKey(privateKey);
            if (!CryptographicOperations.FixedTimeEquals(identity.PublicKey, file.PublicKey))
            {
                identity.Dispose();
                throw new InvalidDataException($"The identity key file of {profile.Username} is inconsistent: its public key does not match the private key.");
            }

            return identity;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>The profile's identity public key, readable without the password.</summary>
    public static byte[] ReadPublicKey(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Read(profile).PublicKey;
    }

    private static IdentityKeyFile Read(ProfileFolder profile)
    {
        if (!profile.Exists)
        {
            throw new FileNotFoundException($"No identity for {profile.Username} in {profile.Home}: run `logchat register {profile.Username}` first.");
        }

        var file = JsonSerializer.Deserialize(File.ReadAllBytes(profile.IdentityKeyPath), IdentityKeyJson.Default.IdentityKeyFile);
        if (file is null
            || file.Version != IdentityKeyFile.CurrentVersion
            || file.Kdf != IdentityKeyFile.Argon2id
            || !IdentityPublicKey.IsValid(file.PublicKey))
        {
            throw new InvalidDataException($"{profile.IdentityKeyPath} is not an identity key file this client understands.");
        }

        return file;
    }

    private static byte[] AssociatedData(string username, byte[] publicKey) =>
        [.. AssociatedDataLabel, .. Encoding.UTF8.GetBytes(username), 0, .. publicKey];
}
