using System.Globalization;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests;

/// <summary>A gateway with tight limits of its own, so that other tests never trip them.</summary>
public sealed class RateLimitedGatewayServer : GatewayServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:RateLimits:LoginsPerUsername", "3"),
        new("LogChat:RateLimits:RegistrationsPerAddress", "4"),
        new("LogChat:RateLimits:ChatRequestsPerUser", "2"),
    ];
}

[Trait("Category", "Postgres")]
public sealed class RateLimitTests(RateLimitedGatewayServer server) : IClassFixture<RateLimitedGatewayServer>
{
    [Fact]
    public async Task Limits_on_login_registration_and_chat_requests_answer_resource_exhausted_with_a_retry_hint()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);

        for (var i = 0; i < 2; i++)
        {
            await server.Client.LoginAsync(new LoginRequest { Username = alice.Name, LoginSecret = TestUser.LoginSecret });
        }

        var login = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => server.Client.LoginAsync(new LoginRequest { Username = alice.Name, LoginSecret = TestUser.LoginSecret }).ResponseAsync, "try again in");
        Assert.True(long.Parse(login.Trailers.GetValue("retry-after-ms")!, CultureInfo.InvariantCulture) > 0);

        await TestUser.CreateAsync(server, "carol");
        await TestUser.CreateAsync(server, "dave");
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => TestUser.CreateAsync(server, "erin"), "registrations");

        for (var i = 0; i < 2; i++)
        {
            await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        }

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth).ResponseAsync, "chat requests");
        await bob.Client.RequestChatAsync(new RequestChatRequest { Username = alice.Name }, bob.Auth);
    }
}
