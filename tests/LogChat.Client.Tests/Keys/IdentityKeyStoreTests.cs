using System.Runtime.Versioning;
using LogChat.Client.Keys;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Tests.Keys;

public sealed class IdentityKeyStoreTests : IDisposable
{
    private static readonly PasswordKeyParameters Cheap = new(8 * 1024, 1, 1);
    private readonly TemporaryFolder _home = new();

    [Fact]
    public void A_saved_identity_key_loads_back_with_the_same_password()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();

        IdentityKeyStore.Save(profile, identity, "correct horse battery", Cheap);
        using var loaded = IdentityKeyStore.Load(profile, "correct horse battery");

        Assert.Equal(identity.PublicKey, loaded.PublicKey);
        Assert.Equal(identity.PublicKey, IdentityKeyStore.ReadPublicKey(profile));
    }

    [Fact]
    public void A_wrong_password_is_refused()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();
        IdentityKeyStore.Save(profile, identity, "correct horse battery", Cheap);

        var refused = Assert.Throws<WrongPasswordException>(() => IdentityKeyStore.Load(profile, "wrong horse battery"));
        Assert.DoesNotContain("horse", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void The_key_file_is_readable_only_by_its_owner_and_the_profile_folder_is_private()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();

        IdentityKeyStore.Save(profile, identity, "correct horse battery", Cheap);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(profile.IdentityKeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(profile.Path));
    }

    [Fact]
    public void The_private_key_is_not_stored_in_the_clear()
    {
        var profile = ProfileFolder.For(_home.Path, "alice");
        using var identity = IdentityKeyPair.Generate();
        var privateKey = new byte[IdentityKeyPair.PrivateKeySize];
        identity.ExportPrivateKey(privateKey);

        IdentityKeyStore.Save(profile, identity, "correct horse battery", Cheap);
        var file = File.ReadAllText(profile.IdentityKeyPath);

        Assert.DoesNotContain(Convert.ToBase64String(privateKey), file, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(privateKey), file, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Profiles_are_listed_by_username()
    {
        using var alice = IdentityKeyPair.Generate();
        using var bob = IdentityKeyPair.Generate();
        IdentityKeyStore.Save(ProfileFolder.For(_home.Path, "Bob"), bob, "password-b", Cheap);
        IdentityKeyStore.Save(ProfileFolder.For(_home.Path, "alice"), alice, "password-a", Cheap);

        Assert.Equal(["alice", "bob"], ProfileFolder.List(_home.Path));
    }

    public void Dispose() => _home.Dispose();
}
