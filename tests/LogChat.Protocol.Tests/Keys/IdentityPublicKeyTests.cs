using System.Numerics;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Tests.Support;

namespace LogChat.Protocol.Tests.Keys;

public sealed class IdentityPublicKeyTests
{
    private const string Rfc8032PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    /// <summary>Encodings of the eight points of small order: the identity, (0, -1), the two of order 4 and the four of order 8.</summary>
    private static readonly string[] SmallOrderEncodings =
    [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    ];

    public static TheoryData<string> SmallOrderPoints => new(SmallOrderEncodings);

    /// <summary>The seven small-order points other than the identity: a key plus one has a small-order component.</summary>
    public static TheoryData<string> SmallOrderPointsOtherThanTheIdentity => new(SmallOrderEncodings.Skip(1));

    /// <summary>Encodings that are not canonical: y not below p, or x = 0 with the sign bit set.</summary>
    public static TheoryData<string> NonCanonicalEncodings => new()
    {
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    };

    [Fact]
    public void Generated_and_RFC_8032_keys_are_valid()
    {
        Assert.True(IdentityPublicKey.IsValid(Convert.FromHexString(Rfc8032PublicKey)));
        for (var i = 0; i < 20; i++)
        {
            using var identity = IdentityKeyPair.Generate();
            Assert.True(IdentityPublicKey.IsValid(identity.PublicKey));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_key_of_the_wrong_length_is_invalid(int length)
    {
        var key = new byte[length];
        Convert.FromHexString(Rfc8032PublicKey).AsSpan(0, Math.Min(length, IdentityPublicKey.Size)).CopyTo(key);

        Assert.False(IdentityPublicKey.IsValid(key));
    }

    [Theory]
    [MemberData(nameof(NonCanonicalEncodings))]
    public void A_non_canonical_encoding_is_invalid(string encoding)
    {
        Assert.False(Ed25519Reference.TryDecode(Convert.FromHexString(encoding), out _));
        Assert.False(IdentityPublicKey.IsValid(Convert.FromHexString(encoding)));
    }

    [Fact]
    public void Every_y_from_p_up_is_invalid_with_either_sign_bit()
    {
        for (var y = Ed25519Reference.FieldPrime; y < BigInteger.Pow(2, 255); y++)
        {
            foreach (var xIsOdd in new[] { false, true })
            {
                var encoding = Ed25519Reference.Encode(y, xIsOdd);

                Assert.False(Ed25519Reference.TryDecode(encoding, out _));
                Assert.False(IdentityPublicKey.IsValid(encoding));
            }
        }
    }

    [Theory]
    [MemberData(nameof(SmallOrderPoints))]
    public void A_small_order_point_is_invalid(string encoding)
    {
        Assert.True(Ed25519Reference.TryDecode(Convert.FromHexString(encoding), out var point));
        Assert.True(point.HasSmallOrder);
        Assert.False(IdentityPublicKey.IsValid(Convert.FromHexString(encoding)));
    }

    [Fact]
    public void A_point_with_a_small_order_component_is_invalid()
    {
        // The RFC 8032 test 1 public key plus a point of order 8.
        var mixed = Convert.FromHexString("9158312a9a8d6e3b34c891d6d61444f8b8211c5117ebad15bdb0bd68b07e0245");

        Assert.True(Ed25519Reference.TryDecode(mixed, out var point));
        Assert.False(point.HasSmallOrder);
        Assert.False(IdentityPublicKey.IsValid(mixed));
    }

    [Theory]
    [MemberData(nameof(SmallOrderPointsOtherThanTheIdentity))]
    public void A_valid_key_plus_any_small_order_point_is_invalid(string smallOrderPoint)
    {
        // With (0, -1), of order 2, this is the point libsodium before 1.0.21 took for one of prime order.
        Assert.True(Ed25519Reference.TryDecode(Convert.FromHexString(Rfc8032PublicKey), out var key));
        Assert.True(Ed25519Reference.TryDecode(Convert.FromHexString(smallOrderPoint), out var torsion));
        var mixed = key.Add(torsion).Encode();

        Assert.True(Ed25519Reference.TryDecode(mixed, out var point));
        Assert.False(point.HasSmallOrder);
        Assert.False(point.IsInPrimeOrderSubgroup);
        Assert.False(IdentityPublicKey.IsValid(mixed));
    }

    [Fact]
    public void A_y_coordinate_that_is_not_on_the_curve_is_invalid()
    {
        Assert.False(IdentityPublicKey.IsValid(Convert.FromHexString("0200000000000000000000000000000000000000000000000000000000000000")));
    }

    [Fact]
    public void The_check_agrees_with_the_reference_on_edge_random_and_generated_encodings()
    {
        var random = new Random(20261125);
        var encodings = new List<byte[]>();
        for (var y = 0; y < 20; y++)
        {
            foreach (var xIsOdd in new[] { false, true })
            {
                encodings.Add(Ed25519Reference.Encode(y, xIsOdd));
                encodings.Add(Ed25519Reference.Encode(Ed25519Reference.FieldPrime - 1 - y, xIsOdd));
            }
        }

        for (var i = 0; i < 24; i++)
        {
            var bytes = new byte[Ed25519Reference.EncodedSize];
            random.NextBytes(bytes);
            encodings.Add(bytes);
        }

        for (var i = 0; i < 8; i++)
        {
            using var identity = IdentityKeyPair.Generate();
            var negated = identity.PublicKey;
            negated[^1] ^= 0x80;
            encodings.Add(identity.PublicKey);
            encodings.Add(negated);
        }

        Assert.All(encodings, e => Assert.Equal(Ed25519Reference.IsValidIdentityKey(e), IdentityPublicKey.IsValid(e)));
    }
}
