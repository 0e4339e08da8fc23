using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using LogChat.Client.Keys;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Tests.Keys;

public sealed class IdentityKeyStoreTests : IDisposable
{
    private const string Password = "correct horse battery";
    private static readonly byte[] Salt = "logchat-salt-16b"u8.ToArray();
    private readonly TemporaryFolder _home = new();

    [Fact]
    public void A_saved_identity_key_unlocks_with_the_same_password_and_yields_the_same_login_secret()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();
        using var secrets = Save(profile, identity, Password);

        using var unlocked = IdentityKeyStore.Unlock(profile, Password);

        Assert.Equal(identity.PublicKey, unlocked.Identity.PublicKey);
        Assert.Equal(secrets.LoginSecret, unlocked.Secrets.LoginSecret);
        Assert.Equal(identity.PublicKey, IdentityKeyStore.ReadPublicKey(profile));
    }

    [Fact]
    public void A_wrong_password_is_refused()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();
        using var secrets = Save(profile, identity, Password);

        var refused = Assert.Throws<WrongPasswordException>(() => IdentityKeyStore.Unlock(profile, "wrong horse battery"));
        Assert.DoesNotContain("horse", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_keeps_the_login_salt_and_the_protocol_cost_and_a_cost_below_the_floor_is_refused()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();
        using var secrets = Save(profile, identity, Password);
        var file = JsonNode.Parse(File.ReadAllText(profile.IdentityKeyPath))!;
        Assert.Equal(Convert.ToBase64String(Salt), file["salt"]!.GetValue<string>());
        Assert.Equal(PasswordCost.Floor.MemoryKib, file["memoryKib"]!.GetValue<int>());

        file["memoryKib"] = 8 * 1024;
        File.WriteAllText(profile.IdentityKeyPath, file.ToJsonString());

        Assert.Throws<InvalidDataException>(() => IdentityKeyStore.Unlock(profile, Password));
    }

    [Fact]
    public void A_profile_from_before_passwords_stopped_leaving_the_device_is_told_to_register_again()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();
        using var secrets = Save(profile, identity, Password);
        var file = JsonNode.Parse(File.ReadAllText(profile.IdentityKeyPath))!;
        file["version"] = 1;
        file["kdf"] = "argon2id";
        File.WriteAllText(profile.IdentityKeyPath, file.ToJsonString());

        var refused = Assert.Throws<InvalidDataException>(() => IdentityKeyStore.Unlock(profile, Password));

        Assert.Contains("register again", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void The_key_file_is_readable_only_by_its_owner_and_the_profile_folder_is_private()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();

        using var secrets = Save(profile, identity, Password);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(profile.IdentityKeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(profile.Path));
    }

    [Fact]
    public void Neither_the_private_key_nor_the_login_secret_is_stored()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();
        var privateKey = new byte[IdentityKeyPair.PrivateKeySize];
        identity.ExportPrivateKey(privateKey);

        using var secrets = Save(profile, identity, Password);
        var file = File.ReadAllText(profile.IdentityKeyPath);

        foreach (var secret in new[] { privateKey, secrets.LoginSecret, secrets.KeyEncryptionKey })
        {
            Assert.DoesNotContain(Convert.ToBase64String(secret), file, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(secret), file, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Profiles_are_listed_by_username()
    {
        using var alice = IdentityKeyPair.Generate();
        using var bob = IdentityKeyPair.Generate();
        using var bobSecrets = Save(ProfileFolder.For(_home.Path, "Bob"), bob, "password-b");
        using var aliceSecrets = Save(ProfileFolder.For(_home.Path, "alice"), alice, "password-a");

        Assert.Equal(["alice", "bob"], ProfileFolder.List(_home.Path));
    }

    public void Dispose() => _home.Dispose();

    private static PasswordSecrets Save(ProfileFolder profile, IdentityKeyPair identity, string password)
    {
        var secrets = PasswordSecrets.Derive(password, Salt, PasswordCost.Floor);
        IdentityKeyStore.Save(profile, identity, secrets, Salt, PasswordCost.Floor);
        return secrets;
    }
}
