using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Protocol.Tests.Accounts;

public sealed class KeyRotationTests
{
    private static readonly Guid UserId = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    private const long RotatedAt = 1_800_000_000;

    [Fact]
    public void The_statement_is_the_label_the_user_id_both_keys_and_the_time_in_111_bytes()
    {
        using var oldKey = IdentityKeyPair.Generate();
        using var newKey = IdentityKeyPair.Generate();

        var statement = KeyRotationStatement.Encode(UserId, oldKey.PublicKey, newKey.PublicKey, RotatedAt);

        byte[] expected =
        [
            .. "LogChat key rotation v1"u8, .. UserId.ToByteArray(bigEndian: true), .. oldKey.PublicKey, .. newKey.PublicKey,
            0, 0, 0, 0, 0x6b, 0x49, 0xd2, 0x00,
        ];
        Assert.Equal(111, KeyRotationStatement.Size);
        Assert.Equal(expected, statement);
    }

    [Fact]
    public void A_rotation_verifies_only_for_its_own_user_keys_and_time()
    {
        using var oldKey = IdentityKeyPair.Generate();
        using var newKey = IdentityKeyPair.Generate();
        using var other = IdentityKeyPair.Generate();
        var rotation = KeyRotationStatement.Sign(oldKey, UserId, newKey.PublicKey, RotatedAt);

        Assert.True(KeyRotationStatement.Verify(UserId, rotation));
        Assert.False(KeyRotationStatement.Verify(Guid.NewGuid(), rotation));
        Assert.False(KeyRotationStatement.Verify(UserId, rotation with { NewKey = other.PublicKey }));
        Assert.False(KeyRotationStatement.Verify(UserId, rotation with { OldKey = other.PublicKey }));
        Assert.False(KeyRotationStatement.Verify(UserId, rotation with { RotatedAt = RotatedAt + 1 }));
        Assert.False(KeyRotationStatement.Verify(UserId, rotation with { Signature = Flipped(rotation.Signature) }));
        Assert.False(KeyRotationStatement.Verify(UserId, rotation with { Signature = rotation.Signature[..63] }));
    }

    [Fact]
    public void A_rotation_signed_by_the_new_key_or_to_the_same_key_does_not_verify()
    {
        using var oldKey = IdentityKeyPair.Generate();
        using var newKey = IdentityKeyPair.Generate();
        var byNewKey = KeyRotationStatement.Sign(newKey, UserId, newKey.PublicKey, RotatedAt) with { OldKey = oldKey.PublicKey };
        var toItself = KeyRotationStatement.Sign(oldKey, UserId, oldKey.PublicKey, RotatedAt);

        Assert.False(KeyRotationStatement.Verify(UserId, byNewKey));
        Assert.False(KeyRotationStatement.Verify(UserId, toItself));
    }

    [Fact]
    public void A_chain_of_signed_rotations_connects_the_pinned_key_to_the_current_one_in_any_order()
    {
        using var first = IdentityKeyPair.Generate();
        using var second = IdentityKeyPair.Generate();
        using var third = IdentityKeyPair.Generate();
        var firstToSecond = KeyRotationStatement.Sign(first, UserId, second.PublicKey, RotatedAt);
        var secondToThird = KeyRotationStatement.Sign(second, UserId, third.PublicKey, RotatedAt + 60);

        Assert.True(KeyRotationChain.Connects(UserId, first.PublicKey, third.PublicKey, [secondToThird, firstToSecond]));
        Assert.True(KeyRotationChain.Connects(UserId, second.PublicKey, third.PublicKey, [secondToThird, firstToSecond]));
        Assert.False(KeyRotationChain.Connects(UserId, first.PublicKey, third.PublicKey, [secondToThird]));
        Assert.False(KeyRotationChain.Connects(UserId, third.PublicKey, third.PublicKey, [secondToThird, firstToSecond]));
        Assert.False(KeyRotationChain.Connects(UserId, first.PublicKey, third.PublicKey, []));
    }

    [Fact]
    public void A_chain_the_coordinator_made_up_from_a_key_of_its_own_does_not_connect_to_the_pinned_key()
    {
        using var pinned = IdentityKeyPair.Generate();
        using var coordinators = IdentityKeyPair.Generate();
        using var swapped = IdentityKeyPair.Generate();

        // Well signed, but by a key the client never pinned: the anchor is the pinned key, not one the chain names.
        var forged = KeyRotationStatement.Sign(coordinators, UserId, swapped.PublicKey, RotatedAt);
        var claimedFromPinned = forged with { OldKey = pinned.PublicKey };

        Assert.False(KeyRotationChain.Connects(UserId, pinned.PublicKey, swapped.PublicKey, [forged]));
        Assert.False(KeyRotationChain.Connects(UserId, pinned.PublicKey, swapped.PublicKey, [claimedFromPinned]));
    }

    [Fact]
    public void A_chain_longer_than_a_client_follows_is_refused()
    {
        var keys = Enumerable.Range(0, KeyRotationChain.MaxLength + 2).Select(_ => IdentityKeyPair.Generate()).ToList();
        try
        {
            var chain = keys.Zip(keys.Skip(1), (from, to) => KeyRotationStatement.Sign(from, UserId, to.PublicKey, RotatedAt)).ToList();

            Assert.True(KeyRotationChain.Connects(UserId, keys[1].PublicKey, keys[^1].PublicKey, chain[1..]));
            Assert.False(KeyRotationChain.Connects(UserId, keys[0].PublicKey, keys[^1].PublicKey, chain));
        }
        finally
        {
            keys.ForEach(key => key.Dispose());
        }
    }

    private static byte[] Flipped(byte[] signature)
    {
        var copy = signature.ToArray();
        copy[10] ^= 0x01;
        return copy;
    }
}
