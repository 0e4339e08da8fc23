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
}
