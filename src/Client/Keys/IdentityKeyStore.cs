using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;
using NSec.Cryptography;

namespace LogChat.Client.Keys;

/// <summary>
/// Keeps a profile's Ed25519 identity private key on disk, sealed with AES-256-GCM under the key-encryption key the
/// password yields (<see cref="PasswordSecrets"/>), beside the login salt it was derived with, in a file only the owner
/// can read.
/// </summary>
public static class IdentityKeyStore
{
    private const int PrivateKeySize = 32;
    private static readonly byte[] AssociatedDataLabel = Encoding.ASCII.GetBytes("logchat identity key v2\0");

    /// <summary>
    /// Seals <paramref name="identity"/> under <paramref name="secrets"/>' key-encryption key and writes it to the profile
    /// (0600) with the login salt and cost they were derived with.
    /// </summary>
    public static void Save(ProfileFolder profile, IdentityKeyPair identity, PasswordSecrets secrets, byte[] loginSalt, PasswordCost cost)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Write(profile, profile.IdentityKeyPath, identity, secrets, loginSalt, cost);
    }

    /// <summary>
    /// Writes <paramref name="identity"/>, sealed under <paramref name="secrets"/>, as the profile's pending identity key
    /// file: the current one stays in force until <see cref="PromotePending"/> replaces it (once the coordinator accepted
    /// the change), and a crash in between leaves both for the next login to settle.
    /// </summary>
    public static void SavePending(ProfileFolder profile, IdentityKeyPair identity, PasswordSecrets secrets, byte[] loginSalt, PasswordCost cost)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Write(profile, profile.PendingIdentityKeyPath, identity, secrets, loginSalt, cost);
    }

    /// <summary>Whether a password change or key rotation left a pending identity key file.</summary>
    public static bool HasPending(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return File.Exists(profile.PendingIdentityKeyPath);
    }

    /// <summary>Makes the pending identity key file the profile's own, in one atomic rename.</summary>
    public static void PromotePending(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        File.Move(profile.PendingIdentityKeyPath, profile.IdentityKeyPath, overwrite: true);
    }

    /// <summary>Removes the pending identity key file, if any: the change it was written for did not happen.</summary>
    public static void DiscardPending(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        File.Delete(profile.PendingIdentityKeyPath);
    }

    /// <summary>The pending identity key file opened with <paramref name="password"/>; null when there is none or it does not open with it.</summary>
    public static UnlockedProfile? TryUnlockPending(ProfileFolder profile, string password)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!HasPending(profile))
        {
            return null;
        }

        try
        {
            return Unlock(profile, profile.PendingIdentityKeyPath, password);
        }
        catch (Exception ex) when (ex is WrongPasswordException or InvalidDataException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Derives the profile's secrets from <paramref name="password"/> with its stored salt and opens its identity key;
    /// <see cref="WrongPasswordException"/> when the password does not open it.
    /// </summary>
    public static UnlockedProfile Unlock(ProfileFolder profile, string password)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Unlock(profile, profile.IdentityKeyPath, password);
    }

    /// <summary>The profile's identity public key, readable without the password.</summary>
    public static byte[] ReadPublicKey(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Read(profile, profile.IdentityKeyPath).PublicKey;
    }

    private static void Write(ProfileFolder profile, string path, IdentityKeyPair identity, PasswordSecrets secrets, byte[] loginSalt, PasswordCost cost)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(loginSalt);
        ArgumentNullException.ThrowIfNull(cost);

        var algorithm = AeadAlgorithm.Aes256Gcm;
        var nonce = RandomNumberGenerator.GetBytes(algorithm.NonceSize);
        var publicKey = identity.PublicKey;
        Span<byte> privateKey = stackalloc byte[PrivateKeySize];
        try
        {
            identity.ExportPrivateKey(privateKey);
            using var key = ImportKey(secrets);
            var ciphertext = algorithm.Encrypt(key, nonce, AssociatedData(profile.Username, publicKey), privateKey);
            var file = new IdentityKeyFile(
                IdentityKeyFile.CurrentVersion,
                profile.Username,
                publicKey,
                IdentityKeyFile.PasswordV2,
                cost.MemoryKib,
                cost.Iterations,
                1,
                loginSalt,
                nonce,
                ciphertext);
            profile.Create();
            PrivateFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(file, IdentityKeyJson.Default.IdentityKeyFile));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static UnlockedProfile Unlock(ProfileFolder profile, string path, string password)
    {
        var file = Read(profile, path);
        var secrets = PasswordSecrets.Derive(password, file.Salt, new PasswordCost(file.MemoryKib, file.Iterations));
        Span<byte> privateKey = stackalloc byte[PrivateKeySize];
        try
        {
            using (var key = ImportKey(secrets))
            {
                if (file.Ciphertext.Length != PrivateKeySize + AeadAlgorithm.Aes256Gcm.TagSize
                    || file.Nonce.Length != AeadAlgorithm.Aes256Gcm.NonceSize
                    || !AeadAlgorithm.Aes256Gcm.Decrypt(key, file.Nonce, AssociatedData(profile.Username, file.PublicKey), file.Ciphertext, privateKey))
                {
                    throw new WrongPasswordException($"Wrong password for {profile.Username}: the identity key could not be decrypted.");
                }
            }

            var identity = IdentityKeyPair.FromPrivateKey(privateKey);
            if (!CryptographicOperations.FixedTimeEquals(identity.PublicKey, file.PublicKey))
            {
                identity.Dispose();
                throw new InvalidDataException($"The identity key file of {profile.Username} is inconsistent: its public key does not match the private key.");
            }

            return new UnlockedProfile(identity, secrets, file.Salt, new PasswordCost(file.MemoryKib, file.Iterations));
        }
        catch
        {
            secrets.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static IdentityKeyFile Read(ProfileFolder profile, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No identity for {profile.Username} in {profile.Home}: run `logchat register {profile.Username}` first.");
        }

        var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), IdentityKeyJson.Default.IdentityKeyFile);
        if (file?.Version == IdentityKeyFile.PasswordSendingVersion)
        {
            throw new InvalidDataException(
                $"The profile {profile.Username} in {profile.Home} was made by an older logchat, which sent the password to the coordinator. "
                + "Passwords no longer leave this device, and there is no way to move an old account over without sending it: "
                + $"register again (move {profile.Path} away first; the old account needs a new name, or its removal by the coordinator's operator).");
        }

        if (file is null
            || file.Version != IdentityKeyFile.CurrentVersion
            || file.Kdf != IdentityKeyFile.PasswordV2
            || file.Parallelism != 1
            || file.Salt is not { Length: PasswordSecrets.SaltSize }
            || !new PasswordCost(file.MemoryKib, file.Iterations).IsAccepted
            || !IdentityPublicKey.IsValid(file.PublicKey))
        {
            throw new InvalidDataException($"{path} is not an identity key file this client understands.");
        }

        return file;
    }

    private static Key ImportKey(PasswordSecrets secrets) =>
        Key.Import(AeadAlgorithm.Aes256Gcm, secrets.KeyEncryptionKey, KeyBlobFormat.RawSymmetricKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });

    private static byte[] AssociatedData(string username, byte[] publicKey) =>
        [.. AssociatedDataLabel, .. Encoding.UTF8.GetBytes(username), 0, .. publicKey];
}
