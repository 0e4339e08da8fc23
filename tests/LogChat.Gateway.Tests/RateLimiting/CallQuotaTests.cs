using System.Globalization;
using Grpc.Core;
using LogChat.Gateway.RateLimiting;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LogChat.Gateway.Tests.RateLimiting;

/// <summary>A gateway with small quotas on every call, in a day-long window so that a test never straddles two.</summary>
public sealed class CallQuotaGatewayServer : GatewayServer
{
    public const int CallsPerUser = 15;
    public const int CallsPerAddress = 80;

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:RateLimits:Window", "1.00:00:00"),
        new("LogChat:RateLimits:CallsPerUser", CallsPerUser.ToString(CultureInfo.InvariantCulture)),
        new("LogChat:RateLimits:CallsPerAddress", CallsPerAddress.ToString(CultureInfo.InvariantCulture)),
    ];
}

[Trait("Category", "Postgres")]
public sealed class CallQuotaTests(CallQuotaGatewayServer server) : IClassFixture<CallQuotaGatewayServer>
{
    [Fact]
    public async Task Every_call_counts_against_its_users_quota_and_then_against_its_addresses_before_authentication()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        for (var i = 0; i < CallQuotaGatewayServer.CallsPerUser; i++)
        {
            await alice.Client.GetUserAsync(new GetUserRequest { Username = bob.Name }, alice.Auth);
        }

        var spent = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => alice.Client.ObserveAddressAsync(new ObserveAddressRequest(), alice.Auth).ResponseAsync, "too many calls: try again in");
        Assert.True(long.Parse(spent.Trailers.GetValue("retry-after-ms")!, CultureInfo.InvariantCulture) > 0);
        await bob.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, bob.Auth);

        // Calls without a token are counted by address before authentication could refuse them.
        var answers = new List<StatusCode>();
        for (var i = 0; i < CallQuotaGatewayServer.CallsPerAddress && answers.LastOrDefault() != StatusCode.ResourceExhausted; i++)
        {
            answers.Add(await RpcAssert.StatusOfAsync(() => server.Client.GetUserAsync(new GetUserRequest { Username = bob.Name }).ResponseAsync));
        }

        Assert.Equal(StatusCode.ResourceExhausted, answers[^1]);
        Assert.All(answers[..^1], status => Assert.Equal(StatusCode.Unauthenticated, status));
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => bob.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, bob.Auth).ResponseAsync, "too many calls from this address");
    }

    [Fact]
    public async Task Two_gateways_counting_one_key_share_its_limit_once_they_have_synced()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var window = TimeSpan.FromMinutes(1);
        var first = Counters(clock, window);
        var second = Counters(clock, window);
        var key = $"test:{Guid.NewGuid()}";

        for (var i = 0; i < 6; i++)
        {
            Assert.Null(first.TryAcquire(key, 10));
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Null(second.TryAcquire(key, 10));
        }

        await first.SyncAsync();
        await second.SyncAsync();

        // The second reported after the first: it knows all ten.
        var wait = second.TryAcquire(key, 10);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromTicks(1), window);

        // The first learns the total when it next reports an attempt of its own; from then on it refuses too.
        _ = first.TryAcquire(key, 10);
        await first.SyncAsync();
        Assert.NotNull(first.TryAcquire(key, 10));

        clock.Advance(window);
        Assert.Null(first.TryAcquire(key, 10));
        Assert.Null(second.TryAcquire(key, 10));
    }

    // A gateway's local counts, as a second gateway of the cluster would keep them, on the test gateway's silo.
    private ClusterQuotaCounters Counters(TimeProvider clock, TimeSpan window) =>
        new(server.Services.GetRequiredService<IGrainFactory>(), Options.Create(new RateLimitOptions { Window = window }), clock,
            NullLogger<ClusterQuotaCounters>.Instance);
}
