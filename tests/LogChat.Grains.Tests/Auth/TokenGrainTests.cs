using System.Security.Cryptography;
using LogChat.Grains.Auth;
using LogChat.Grains.Tests.Support;
using LogChat.Testing;
using Xunit;

namespace LogChat.Grains.Tests.Auth;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class TokenGrainTests(GrainClusterFixture cluster)
{
    private static readonly Guid UserId = Guid.NewGuid();

    [Fact]
    public async Task An_issued_token_validates_as_its_user()
    {
        var token = NewToken();

        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);
        await token.Issue(UserId, "alice", expiresAt);

        Assert.Equal(new Caller(UserId, "alice", expiresAt), await token.Validate());
    }

    [Fact]
    public async Task A_token_never_issued_does_not_validate()
    {
        Assert.Null(await NewToken().Validate());
    }

    [Fact]
    public async Task A_revoked_token_does_not_validate_even_after_reactivation()
    {
        var token = NewToken();
        await token.Issue(UserId, "alice", DateTimeOffset.UtcNow.AddHours(1));

        await token.Revoke();

        Assert.Null(await token.Validate());
        await cluster.Cluster.DeactivateAsync(token);
        Assert.Null(await token.Validate());
    }

    [Fact]
    public async Task An_issued_token_survives_reactivation_through_grain_storage()
    {
        var token = NewToken();
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);
        await token.Issue(UserId, "alice", expiresAt);

        await cluster.Cluster.DeactivateAsync(token);

        Assert.Equal(new Caller(UserId, "alice", expiresAt), await token.Validate());
    }

    [Fact]
    public async Task A_token_issued_with_a_past_expiry_does_not_validate()
    {
        var token = NewToken();

        await token.Issue(UserId, "alice", DateTimeOffset.UtcNow.AddSeconds(-1));

        Assert.Null(await token.Validate());
    }

    [Fact]
    public async Task A_token_stops_validating_when_it_expires()
    {
        var token = NewToken();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await token.Issue(UserId, "alice", expiresAt);
        Assert.NotNull(await token.Validate());

        await Eventually.TrueAsync(async () => await token.Validate() is null, "the token to expire");

        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "the token stopped validating before its expiry");
    }

    [Fact]
    public async Task An_expired_token_is_deleted_from_storage_once_presented()
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32)));
        var token = cluster.Client.GetGrain<ITokenGrain>(key);
        await token.Issue(UserId, "alice", DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.Equal(1L, await StoredTokenStatesAsync(key));

        Assert.Null(await token.Validate());

        await Eventually.TrueAsync(async () => await StoredTokenStatesAsync(key) == 0, "the expired token's state to be deleted");
    }

    private async Task<long> StoredTokenStatesAsync(string key) =>
        (await cluster.Tables.ColumnAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension LIKE '%' || $1 AND payload IS NOT NULL", key)).Single();

    private ITokenGrain NewToken() =>
        cluster.Client.GetGrain<ITokenGrain>(Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32))));
}
