using System.Security.Cryptography;
using LogChat.Grains.Auth;
using LogChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.GrainDirectory;
using Xunit;

namespace LogChat.Grains.Tests.Persistence;

[Trait("Category", "Postgres")]
public sealed class DirectoryCacheTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_grain_that_deactivates_leaves_no_address_in_its_silos_directory_cache()
    {
        await using var silo = await ProductionSilo.StartAsync(database.Database, $"cache-{Guid.NewGuid():N}");
        var cache = silo.Services.GetRequiredService<IGrainDirectoryCache>();
        var token = silo.Client.GetGrain<ITokenGrain>(Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32))));
        await token.Issue(Guid.NewGuid(), "alice", DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(cache.LookUp(token.GetGrainId(), out _, out _), "the silo caches the address of the token grain it activated, in the cache the grains reach");

        await token.Revoke();

        await Eventually.TrueAsync(() => !cache.LookUp(token.GetGrainId(), out _, out _), "the deactivated token grain's address to leave the directory cache");
    }

    // A canary: when it fails, Orleans has fixed what LogChatGrain works around, and the workaround can go.
    [Fact]
    public async Task Orleans_alone_still_leaves_a_deactivated_grains_address_in_the_directory_cache()
    {
        await using var silo = await ProductionSilo.StartAsync(database.Database, $"canary-{Guid.NewGuid():N}");
        var cache = silo.Services.GetRequiredService<IGrainDirectoryCache>();
        var management = silo.Client.GetGrain<IManagementGrain>(0);
        var plain = silo.Client.GetGrain<IPlainGrain>(Guid.NewGuid());
        await plain.Touch();
        Assert.True(cache.LookUp(plain.GetGrainId(), out _, out _), "the silo caches the address of the grain it activated");

        await plain.Deactivate();

        // Orleans awaits the directory's (batched) unregistration before it drops the activation from its catalog,
        // so once the silo counts no activation the unregistration has run.
        await Eventually.TrueAsync(
            async () => await management.GetGrainActivationCount((GrainReference)plain) == 0,
            "the plain grain's activation to end");
        Assert.True(
            cache.LookUp(plain.GetGrainId(), out _, out _),
            "Orleans now clears the cache on batched unregistration: remove LogChatGrain's workaround (docs/decisions.md)");
    }
}
