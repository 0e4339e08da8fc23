using System.Runtime.Versioning;
using LogChat.Client.Keys;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Tests.Keys;

public sealed class PinStoreTests : IDisposable
{
    private static readonly Guid Bob = Guid.NewGuid();
    private readonly TemporaryFolder _home = new();
    private readonly ProfileFolder _profile;

    public PinStoreTests()
    {
        _profile = ProfileFolder.For(_home.Path, "alice");
        _profile.Create();
    }

    [Fact]
    public void A_first_contact_is_new_until_pinned_after_its_handshake_and_then_pinned_earlier()
    {
        var bobKey = NewKey();
        var pins = PinStore.Open(_profile);

        Assert.Equal(PinState.Unknown, pins.Check(Bob, "bob", bobKey));
        Assert.False(File.Exists(_profile.PinsPath));

        pins.PinFirstContact(Bob, "bob", bobKey);

        Assert.Equal(PinState.Pinned, PinStore.Open(_profile).Check(Bob, "BOB", bobKey));
    }

    [Fact]
    public void A_changed_key_for_a_known_peer_is_refused_with_advice_to_verify_and_trust()
    {
        var pins = PinStore.Open(_profile);
        pins.PinFirstContact(Bob, "bob", NewKey());

        var refused = Assert.Throws<IdentityKeyChangedException>(() => PinStore.Open(_profile).Check(Bob, "bob", NewKey()));

        Assert.Contains("logchat trust bob", refused.Message, StringComparison.Ordinal);
        Assert.Contains("logchat verify bob", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pinned_name_under_another_user_id_or_the_pinned_user_id_under_another_name_is_refused()
    {
        var bobKey = NewKey();
        var pins = PinStore.Open(_profile);
        pins.PinFirstContact(Bob, "bob", bobKey);

        Assert.Equal(PinState.Changed, pins.StateOf(Guid.NewGuid(), "bob", bobKey));
        Assert.Equal(PinState.Changed, pins.StateOf(Bob, "bob_", bobKey));
        Assert.Throws<IdentityKeyChangedException>(() => pins.PinFirstContact(Bob, "bob_", bobKey));
    }

    [Fact]
    public void Trust_replaces_a_changed_key_and_marks_it_verified()
    {
        var pins = PinStore.Open(_profile);
        pins.PinFirstContact(Bob, "bob", NewKey());
        var newKey = NewKey();

        pins.Trust(Bob, "bob", newKey);

        Assert.Equal(PinState.Verified, PinStore.Open(_profile).Check(Bob, "bob", newKey));
    }

    [Fact]
    public void A_pin_file_that_keyed_pins_by_name_alone_is_refused_with_what_to_do()
    {
        File.WriteAllText(_profile.PinsPath, """{ "bob": { "identityKey": "AAAA", "verified": false, "pinnedAt": "2026-01-01T00:00:00Z" } }""");

        var refused = Assert.Throws<InvalidDataException>(() => PinStore.Open(_profile));

        Assert.Contains("Move the file away", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void The_pin_file_is_readable_only_by_its_owner()
    {
        PinStore.Open(_profile).PinFirstContact(Bob, "bob", NewKey());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_profile.PinsPath));
    }

    public void Dispose() => _home.Dispose();

    private static byte[] NewKey()
    {
        using var identity = IdentityKeyPair.Generate();
        return identity.PublicKey;
    }
}
