using LogChat.Protocol.Peer;

namespace LogChat.Protocol.Tests.Keys;

public sealed class SafetyNumberTests
{
    [Fact]
    public void Both_users_compute_the_same_safety_number()
    {
        using var alice = IdentityKeyPair.Generate();
        using var bob = IdentityKeyPair.Generate();

        Assert.Equal(SafetyNumber.Compute(alice.PublicKey, bob.PublicKey), SafetyNumber.Compute(bob.PublicKey, alice.PublicKey));
    }

    [Fact]
    public void A_safety_number_is_twelve_groups_of_five_digits()
    {
        using var alice = IdentityKeyPair.Generate();
        using var bob = IdentityKeyPair.Generate();

        var groups = SafetyNumber.Compute(alice.PublicKey, bob.PublicKey).Split(' ');

        Assert.Equal(SafetyNumber.GroupCount, groups.Length);
        Assert.All(groups, group => Assert.Matches("^[0-9]{5}$", group));
    }

    [Fact]
    public void The_safety_number_changes_when_either_key_changes()
    {
        using var alice = IdentityKeyPair.Generate();
        using var bob = IdentityKeyPair.Generate();
        using var mallory = IdentityKeyPair.Generate();
        var genuine = SafetyNumber.Compute(alice.PublicKey, bob.PublicKey);

        Assert.NotEqual(genuine, SafetyNumber.Compute(mallory.PublicKey, bob.PublicKey));
        Assert.NotEqual(genuine, SafetyNumber.Compute(alice.PublicKey, mallory.PublicKey));
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SafetyNumber.Compute(new byte[31], new byte[32]));
        Assert.Throws<ArgumentException>(() => SafetyNumber.Compute(new byte[32], new byte[33]));
    }
}
