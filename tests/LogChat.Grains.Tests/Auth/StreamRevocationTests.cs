using System.Security.Cryptography;
using LogChat.Grains.Auth;
using LogChat.Grains.Errors;
using LogChat.Grains.Presence;
using LogChat.Grains.Tests.Support;
using LogChat.Testing;
using Xunit;

namespace LogChat.Grains.Tests.Auth;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class StreamRevocationTests(GrainClusterFixture cluster)
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(1);

    [Fact]
    public async Task A_user_holds_at_most_four_streams_and_the_fifth_is_refused_with_the_reason()
    {
        var alice = await cluster.RegisterAsync("alice");
        var presence = cluster.Client.GetGrain<IPresenceGrain>(alice.UserId);
        var token = new StreamToken(Guid.NewGuid(), Later);
        var streams = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        foreach (var stream in streams)
        {
            await presence.Connect(stream, cluster.GatewayReference, ConnectedUser.GatewayId, token);
        }

        var refused = await Assert.ThrowsAsync<CoordinatorException>(() => presence.Connect(Guid.NewGuid(), cluster.GatewayReference, ConnectedUser.GatewayId, token));

        Assert.Equal(CoordinatorError.ResourceExhausted, refused.Error);
        Assert.Contains("4 open Connect streams", refused.Message, StringComparison.Ordinal);
        await presence.Disconnect(streams[0]);
        await presence.Connect(Guid.NewGuid(), cluster.GatewayReference, ConnectedUser.GatewayId, token);
    }

    [Fact]
    public async Task Revoking_a_token_ends_its_streams_only_and_revoking_all_ends_the_rest()
    {
        var alice = await cluster.RegisterAsync("alice");
        var (firstKey, first) = await IssueAsync(alice.UserId);
        var (secondKey, second) = await IssueAsync(alice.UserId);
        var presence = cluster.Client.GetGrain<IPresenceGrain>(alice.UserId);
        var firstStream = Guid.NewGuid();
        var secondStream = Guid.NewGuid();
        await presence.Connect(firstStream, cluster.GatewayReference, ConnectedUser.GatewayId, new StreamToken(StreamToken.IdOf(firstKey), Later));
        await presence.Connect(secondStream, cluster.GatewayReference, ConnectedUser.GatewayId, new StreamToken(StreamToken.IdOf(secondKey), Later));

        await first.Revoke();

        await Eventually.TrueAsync(() => cluster.Gateway.EndOf(firstStream) is not null, "the first token's stream to end");
        Assert.Contains("logged out", cluster.Gateway.EndOf(firstStream), StringComparison.Ordinal);
        Assert.Null(cluster.Gateway.EndOf(secondStream));
        Assert.NotNull(await second.Validate());

        await cluster.Client.GetGrain<IUserTokensGrain>(alice.UserId).RevokeAll();

        await Eventually.TrueAsync(() => cluster.Gateway.EndOf(secondStream) is not null, "the second token's stream to end");
        Assert.Null(await second.Validate());
    }

    [Fact]
    public async Task A_stream_ends_when_its_token_expires()
    {
        var alice = await cluster.RegisterAsync("alice");
        var stream = Guid.NewGuid();
        await cluster.Client.GetGrain<IPresenceGrain>(alice.UserId)
            .Connect(stream, cluster.GatewayReference, ConnectedUser.GatewayId, new StreamToken(Guid.NewGuid(), DateTimeOffset.UtcNow.AddSeconds(1)));

        await Eventually.TrueAsync(() => cluster.Gateway.EndOf(stream) is not null, "the stream to end at its token's expiry");

        Assert.Contains("expired", cluster.Gateway.EndOf(stream), StringComparison.Ordinal);
    }

    private async Task<(string Key, ITokenGrain Token)> IssueAsync(Guid userId)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32)));
        var token = cluster.Client.GetGrain<ITokenGrain>(key);
        await token.Issue(userId, "alice", Later);
        return (key, token);
    }
}
