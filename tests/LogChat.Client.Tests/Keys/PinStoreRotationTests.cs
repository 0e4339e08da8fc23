using LogChat.Client.Keys;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Tests.Keys;

/// <summary>How the pins follow a contact's key rotation: signed by the pinned key, or not (docs/protocol.md section 23).</summary>
public sealed class PinStoreRotationTests : IDisposable
{
    private const long RotatedAt = 1_800_000_000;
    private static readonly Guid Bob = Guid.NewGuid();
    private readonly TemporaryFolder _home = new();
    private readonly ProfileFolder _profile;
    private readonly IdentityKeyPair _bobOld = IdentityKeyPair.Generate();
    private readonly IdentityKeyPair _bobNew = IdentityKeyPair.Generate();

    public PinStoreRotationTests()
    {
        _profile = ProfileFolder.For(_home.Path, "alice");
        _profile.Create();
    }

    [Fact]
    public void A_rotation_signed_by_a_verified_key_moves_the_pin_and_stays_verified()
    {
        PinStore.Open(_profile).Trust(Bob, "bob", _bobOld.PublicKey);
        var rotation = KeyRotationStatement.Sign(_bobOld, Bob, _bobNew.PublicKey, RotatedAt);

        Assert.True(PinStore.Open(_profile).FollowSignedRotation(Bob, "bob", _bobNew.PublicKey, [rotation]));

        var pins = PinStore.Open(_profile);
        Assert.Equal(PinState.Verified, pins.StateOf(Bob, "bob", _bobNew.PublicKey));
        Assert.Equal(PinState.Changed, pins.StateOf(Bob, "bob", _bobOld.PublicKey));
    }

    [Fact]
    public void A_rotation_signed_by_a_key_pinned_at_first_contact_moves_the_pin_and_stays_unverified()
    {
        PinStore.Open(_profile).PinFirstContact(Bob, "bob", _bobOld.PublicKey);
        var rotation = KeyRotationStatement.Sign(_bobOld, Bob, _bobNew.PublicKey, RotatedAt);

        Assert.True(PinStore.Open(_profile).FollowSignedRotation(Bob, "bob", _bobNew.PublicKey, [rotation]));

        Assert.Equal(PinState.Pinned, PinStore.Open(_profile).StateOf(Bob, "bob", _bobNew.PublicKey));
    }

    [Fact]
    public void A_key_changed_without_a_signed_rotation_stays_changed_until_trust()
    {
        PinStore.Open(_profile).Trust(Bob, "bob", _bobOld.PublicKey);
        var pins = PinStore.Open(_profile);

        Assert.False(pins.FollowSignedRotation(Bob, "bob", _bobNew.PublicKey, []));
        Assert.Throws<IdentityKeyChangedException>(() => pins.Check(Bob, "bob", _bobNew.PublicKey));

        pins.Trust(Bob, "bob", _bobNew.PublicKey);
        Assert.Equal(PinState.Verified, PinStore.Open(_profile).StateOf(Bob, "bob", _bobNew.PublicKey));
    }

    [Fact]
    public void A_rotation_the_coordinator_signed_with_a_key_of_its_own_is_not_followed()
    {
        PinStore.Open(_profile).Trust(Bob, "bob", _bobOld.PublicKey);
        using var coordinators = IdentityKeyPair.Generate();
        var forged = KeyRotationStatement.Sign(coordinators, Bob, _bobNew.PublicKey, RotatedAt);
        var claimed = forged with { OldKey = _bobOld.PublicKey };
        var pins = PinStore.Open(_profile);

        Assert.False(pins.FollowSignedRotation(Bob, "bob", _bobNew.PublicKey, [forged]));
        Assert.False(pins.FollowSignedRotation(Bob, "bob", _bobNew.PublicKey, [claimed]));
        Assert.Equal(PinState.Changed, PinStore.Open(_profile).StateOf(Bob, "bob", _bobNew.PublicKey));
    }

    [Fact]
    public void A_rotation_signed_for_another_user_or_under_another_name_is_not_followed()
    {
        PinStore.Open(_profile).Trust(Bob, "bob", _bobOld.PublicKey);
        var forAnotherUser = KeyRotationStatement.Sign(_bobOld, Guid.NewGuid(), _bobNew.PublicKey, RotatedAt);
        var forBob = KeyRotationStatement.Sign(_bobOld, Bob, _bobNew.PublicKey, RotatedAt);
        var pins = PinStore.Open(_profile);

        Assert.False(pins.FollowSignedRotation(Bob, "bob", _bobNew.PublicKey, [forAnotherUser]));
        Assert.False(pins.FollowSignedRotation(Bob, "bob_", _bobNew.PublicKey, [forBob]));
        Assert.False(pins.FollowSignedRotation(Guid.NewGuid(), "bob", _bobNew.PublicKey, [forBob]));
        Assert.Equal(PinState.Changed, PinStore.Open(_profile).StateOf(Bob, "bob", _bobNew.PublicKey));
    }

    [Fact]
    public void A_contact_never_pinned_is_not_pinned_by_a_rotation()
    {
        var rotation = KeyRotationStatement.Sign(_bobOld, Bob, _bobNew.PublicKey, RotatedAt);

        Assert.False(PinStore.Open(_profile).FollowSignedRotation(Bob, "bob", _bobNew.PublicKey, [rotation]));
        Assert.False(File.Exists(_profile.PinsPath));
    }

    public void Dispose()
    {
        _bobOld.Dispose();
        _bobNew.Dispose();
        _home.Dispose();
    }
}
