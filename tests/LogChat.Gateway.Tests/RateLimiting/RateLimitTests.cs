using System.Globalization;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests.RateLimiting;

/// <summary>
/// A gateway with tight limits of its own, so that other tests never trip them. Windows are aligned to the clock;
/// a day-long one keeps a test from straddling two.
/// </summary>
public sealed class RateLimitedGatewayServer : GatewayServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:RateLimits:Window", "1.00:00:00"),
        new("LogChat:RateLimits:RegistrationsPerAddress", "4"),
        new("LogChat:RateLimits:ChatRequestsPerUser", "2"),
        new("LogChat:RateLimits:UserLookupsPerUser", "3"),
    ];
}

[Trait("Category", "Postgres")]
public sealed class RateLimitTests(RateLimitedGatewayServer server) : IClassFixture<RateLimitedGatewayServer>
{
    [Fact]
    public async Task Limits_on_registration_chat_requests_and_user_lookups_answer_resource_exhausted_with_a_retry_hint()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);

        await TestUser.CreateAsync(server, "carol");
        await TestUser.CreateAsync(server, "dave");
        var registration = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => TestUser.CreateAsync(server, "erin"), "registrations");
        Assert.True(long.Parse(registration.Trailers.GetValue("retry-after-ms")!, CultureInfo.InvariantCulture) > 0);

        for (var i = 0; i < 2; i++)
        {
            await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        }

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth).ResponseAsync, "chat requests");
        await bob.Client.RequestChatAsync(new RequestChatRequest { Username = alice.Name }, bob.Auth);

        for (var i = 0; i < 3; i++)
        {
            await alice.Client.GetUserAsync(new GetUserRequest { Username = bob.Name }, alice.Auth);
        }

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => alice.Client.GetUserAsync(new GetUserRequest { Username = bob.Name }, alice.Auth).ResponseAsync, "too many user lookups");
        await bob.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, bob.Auth);
    }
}
