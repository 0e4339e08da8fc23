using LogChat.Protocol.Peer;
using LogChat.Protocol.Tests.Support;
using NSec.Cryptography;

namespace LogChat.Protocol.Tests.Crypto;

/// <summary>The ephemeral key wrapper against RFC 7748 (X25519) sections 5.2 and 6.1.</summary>
public sealed class X25519KnownAnswerTests
{
    private const string AlicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string SharedSecret = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    /// <summary>The u-coordinates of small order the wrapper refuses.</summary>
    public static TheoryData<string> LowOrderPoints => new()
    {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };

    [Fact]
    public void The_RFC_7748_Diffie_Hellman_example_gives_its_public_keys_and_shared_secret_both_ways()
    {
        using var alice = EphemeralKeyPair.FromPrivateKey(Convert.FromHexString(AlicePrivate));
        using var bob = EphemeralKeyPair.FromPrivateKey(Convert.FromHexString(BobPrivate));

        Assert.Equal(AlicePublic, Convert.ToHexStringLower(alice.PublicKey));
        Assert.Equal(BobPublic, Convert.ToHexStringLower(bob.PublicKey));
        Assert.Equal(SharedSecret, Agree(alice, BobPublic));
        Assert.Equal(SharedSecret, Agree(bob, AlicePublic));
    }

    [Fact]
    public void The_first_RFC_7748_scalar_multiplication_vector_matches()
    {
        using var key = EphemeralKeyPair.FromPrivateKey(Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"));

        Assert.Equal(
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
            Agree(key, "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
    }

    [Fact]
    public void A_public_key_with_the_unused_high_bit_set_is_refused()
    {
        // RFC 7748 section 5.2, second vector: its u-coordinate sets bit 255, which this protocol forbids.
        Assert.False(EphemeralKeyPair.IsAcceptablePublicKey(Convert.FromHexString("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")));
    }

    [Fact]
    public void A_public_key_of_the_wrong_size_or_not_below_the_field_prime_is_refused()
    {
        Assert.False(EphemeralKeyPair.IsAcceptablePublicKey(new byte[31]));
        Assert.False(EphemeralKeyPair.IsAcceptablePublicKey(new byte[33]));
        Assert.False(EphemeralKeyPair.IsAcceptablePublicKey(Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")));
        Assert.False(EphemeralKeyPair.IsAcceptablePublicKey(Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")));
    }

    [Theory]
    [MemberData(nameof(LowOrderPoints))]
    public void A_low_order_public_key_is_refused_and_would_give_an_all_zero_secret(string point)
    {
        var publicKey = Convert.FromHexString(point);
        using var key = EphemeralKeyPair.Generate();

        Assert.False(EphemeralKeyPair.IsAcceptablePublicKey(publicKey));
        Assert.Null(key.Agree(publicKey));
        Assert.Equal(new byte[32], RawX25519(publicKey));
    }

    private static string Agree(EphemeralKeyPair key, string peerPublicKey)
    {
        using var secret = key.Agree(Convert.FromHexString(peerPublicKey), KeyExportPolicies.AllowPlaintextExport);
        Assert.NotNull(secret);
        return Convert.ToHexStringLower(secret.Export(SharedSecretBlobFormat.RawSharedSecret));
    }

    /// <summary>X25519 of a random scalar and <paramref name="u"/> computed from the RFC 7748 ladder, to show the point really is of small order.</summary>
    private static byte[] RawX25519(byte[] u) => X25519Ladder.Multiply(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), u);
}
