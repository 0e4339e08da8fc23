using System.Runtime.Versioning;
using LogChat.Client.Keys;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Tests.Keys;

public sealed class PinStoreTests : IDisposable
{
    private readonly TemporaryFolder _home = new();
    private readonly ProfileFolder _profile;

    public PinStoreTests()
    {
        _profile = ProfileFolder.For(_home.Path, "alice");
        _profile.Create();
    }

    [Fact]
    public void The_first_key_seen_for_a_peer_is_pinned_and_then_accepted()
    {
        var bobKey = NewKey();
        var pins = PinStore.Open(_profile);

        Assert.Equal(PinState.Unknown, pins.StateOf("bob", bobKey));
        Assert.Equal(PinState.Pinned, pins.CheckAndPin("bob", bobKey));
        Assert.Equal(PinState.Pinned, PinStore.Open(_profile).CheckAndPin("BOB", bobKey));
    }

    [Fact]
    public void A_changed_key_for_a_known_peer_is_refused_with_advice_to_verify_and_trust()
    {
        var pins = PinStore.Open(_profile);
        pins.CheckAndPin("bob", NewKey());

        var refused = Assert.Throws<IdentityKeyChangedException>(() => PinStore.Open(_profile).CheckAndPin("bob", NewKey()));

        Assert.Contains("logchat trust bob", refused.Message, StringComparison.Ordinal);
        Assert.Contains("logchat verify bob", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trust_replaces_a_changed_key_and_marks_it_verified()
    {
        var pins = PinStore.Open(_profile);
        pins.CheckAndPin("bob", NewKey());
        var newKey = NewKey();

        pins.Trust("bob", newKey);

        Assert.Equal(PinState.Verified, PinStore.Open(_profile).CheckAndPin("bob", newKey));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void The_pin_file_is_readable_only_by_its_owner()
    {
        PinStore.Open(_profile).CheckAndPin("bob", NewKey());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_profile.PinsPath));
    }

    public void Dispose() => _home.Dispose();

    private static byte[] NewKey()
    {
        using var identity = IdentityKeyPair.Generate();
        return identity.PublicKey;
    }
}
