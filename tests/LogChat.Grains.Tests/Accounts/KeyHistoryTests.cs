using System.Security.Cryptography;
using LogChat.Grains.Accounts;
using LogChat.Grains.Errors;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Accounts;

/// <summary>An account's identity keys over time in <c>public_keys</c>: one current, the rest retired, signed steps kept.</summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class KeyHistoryTests(GrainClusterFixture cluster)
{
    private const long RotatedAt = 1_800_000_000;

    [Fact]
    public async Task Signed_rotations_come_back_from_the_database_as_a_chain_newest_first_until_an_unsigned_one()
    {
        var alice = await cluster.RegisterAsync("alice");
        var grain = cluster.Client.GetGrain<IUserAccountGrain>(alice.Username);
        var (second, third, fourth) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var firstToSecond = new SignedKeyRotation(alice.IdentityKey, second, RotatedAt, RandomNumberGenerator.GetBytes(64));
        var secondToThird = new SignedKeyRotation(second, third, RotatedAt + 60, RandomNumberGenerator.GetBytes(64));

        await grain.RotateKey(second, firstToSecond);
        await grain.RotateKey(third, secondToThird);
        await cluster.Cluster.DeactivateAsync(grain);

        var account = (await grain.Find())!;
        Assert.Equal(third, account.IdentityKey);
        Assert.Equal([secondToThird, firstToSecond], account.KeyRotations, SameRotation);
        Assert.Equal(account.KeyRotations, account.ToParticipant().KeyRotations);

        await grain.RotateKey(fourth, signedRotation: null);

        Assert.Equal(fourth, (await grain.Find())!.IdentityKey);
        Assert.Empty((await grain.Find())!.KeyRotations);
        Assert.Equal([fourth], await cluster.Tables.ColumnAsync<byte[]>("SELECT public_key FROM public_keys WHERE user_id = $1 AND retired_at IS NULL", alice.UserId));
        Assert.Equal([3L], await cluster.Tables.ColumnAsync<long>("SELECT count(*) FROM public_keys WHERE user_id = $1 AND retired_at IS NOT NULL", alice.UserId));
    }

    [Fact]
    public async Task Of_concurrent_signed_rotations_from_one_key_exactly_one_wins_and_a_used_key_is_refused()
    {
        var bob = await cluster.RegisterAsync("bob");
        var grain = cluster.Client.GetGrain<IUserAccountGrain>(bob.Username);
        var candidates = Enumerable.Range(0, 10).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();

        var outcomes = await Task.WhenAll(candidates.Select(key => Refusal(grain.RotateKey(key, new SignedKeyRotation(bob.IdentityKey, key, RotatedAt, RandomNumberGenerator.GetBytes(64))))));

        Assert.Single(outcomes, refusal => refusal is null);
        Assert.Equal(9, outcomes.Count(refusal => refusal?.Error == CoordinatorError.FailedPrecondition));
        Assert.Single(await cluster.Tables.ColumnAsync<byte[]>("SELECT public_key FROM public_keys WHERE user_id = $1 AND retired_at IS NULL", bob.UserId));
        var reused = await Refusal(grain.RotateKey(bob.IdentityKey, signedRotation: null));
        Assert.Equal(CoordinatorError.InvalidArgument, reused?.Error);
    }

    [Fact]
    public async Task A_password_hash_is_replaced_only_while_it_is_the_one_the_caller_checked()
    {
        var carol = await cluster.RegisterAsync("carol");
        var grain = cluster.Client.GetGrain<IUserAccountGrain>(carol.Username);
        var current = (await grain.Find())!.PasswordHash;

        var stale = await Refusal(grain.ChangePasswordHash("some-older-hash", "new-hash"));
        await grain.ChangePasswordHash(current, "new-hash");

        Assert.Equal(CoordinatorError.FailedPrecondition, stale?.Error);
        Assert.Equal(["new-hash"], await cluster.Tables.ColumnAsync<string>("SELECT password_hash FROM users WHERE id = $1", carol.UserId));
        Assert.Equal("new-hash", (await grain.Find())!.PasswordHash);
    }

    private static readonly IEqualityComparer<SignedKeyRotation> SameRotation = EqualityComparer<SignedKeyRotation>.Create(
        (a, b) => a!.OldKey.AsSpan().SequenceEqual(b!.OldKey) && a.NewKey.AsSpan().SequenceEqual(b.NewKey) && a.RotatedAt == b.RotatedAt
            && a.Signature.AsSpan().SequenceEqual(b.Signature));

    private static async Task<CoordinatorException?> Refusal(Task attempt)
    {
        try
        {
            await attempt;
            return null;
        }
        catch (CoordinatorException refusal)
        {
            return refusal;
        }
    }
}
