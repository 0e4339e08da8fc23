using LogChat.Grains.Accounts;
using LogChat.Grains.Presence;
using LogChat.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LogChat.Grains.Tests.References;

/// <summary>
/// <see cref="GrainReferences"/> makes references from the grain type it resolved once: they must be the references
/// Orleans' own factory makes, and reach the same activations.
/// </summary>
[Collection(SessionClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class GrainReferencesTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task A_reference_by_guid_key_is_the_factorys_own_and_reaches_the_same_grain()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        var (references, factory) = Services();

        var cached = references.Get<IPresenceGrain>(alice.UserId);
        var again = references.Get<IPresenceGrain>(alice.UserId);

        Assert.Equal(factory.GetGrain<IPresenceGrain>(alice.UserId), cached);
        Assert.Equal(((GrainReference)factory.GetGrain<IPresenceGrain>(alice.UserId)).InterfaceType, ((GrainReference)again).InterfaceType);
        Assert.True((await cached.GetPresence()).Online);
    }

    [Fact]
    public async Task A_reference_by_string_key_is_the_factorys_own_and_reaches_the_same_grain()
    {
        await using var bob = await cluster.OnlineUserAsync("bob");
        var (references, factory) = Services();

        var cached = references.Get<IUserAccountGrain>(bob.Username);

        Assert.Equal(factory.GetGrain<IUserAccountGrain>(bob.Username), cached);
        Assert.Equal(bob.UserId, (await cached.Find())!.UserId);
    }

    private (GrainReferences References, IGrainFactory Factory) Services()
    {
        var services = cluster.Cluster.Silos[0].ServiceProvider;
        return (services.GetRequiredService<GrainReferences>(), services.GetRequiredService<IGrainFactory>());
    }
}
