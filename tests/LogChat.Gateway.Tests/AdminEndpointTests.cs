using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(AdminGatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class AdminEndpointTests(AdminGatewayServer server)
{
    [Fact]
    public async Task The_metrics_endpoint_shows_the_projects_own_meters_moving_during_a_chat_setup()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var requestsBefore = await server.ScrapeAsync("logchat_chat_requests_total");
        var setupsBefore = await server.ScrapeAsync("logchat_chat_setups_completed_total");
        var durationsBefore = await server.ScrapeAsync("logchat_chat_setup_duration_seconds_count");
        var rejectedBefore = await server.ScrapeAsync("logchat_gateway_rejected_calls_total");

        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: false);
        await Eventually.TrueAsync(async () => await server.ScrapeAsync("logchat_gateway_connected_clients") >= 2, "connected clients to show 2");
        var session = (await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth)).SessionId;
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = session }, bob.Auth);
        await alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = session, Port = 5001, CertificateSha256 = ByteString.CopyFrom(new byte[32]) }, alice.Auth);
        await bobEvents.SessionInfoAsync(session);
        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.NotFound,
            () => alice.Client.GetUserAsync(new GetUserRequest { Username = "nobody-at-all" }, alice.Auth).ResponseAsync);

        await Eventually.TrueAsync(async () => await server.ScrapeAsync("logchat_chat_requests_total") > requestsBefore, "chat requests to count up");
        await Eventually.TrueAsync(async () => await server.ScrapeAsync("logchat_chat_setups_completed_total") > setupsBefore, "setups completed to count up");
        await Eventually.TrueAsync(async () => await server.ScrapeAsync("logchat_chat_setup_duration_seconds_count") > durationsBefore, "the setup latency histogram to record");
        await Eventually.TrueAsync(async () => await server.ScrapeAsync("logchat_gateway_rejected_calls_total") > rejectedBefore, "rejected calls to count up");
    }

    [Fact]
    public async Task The_health_port_answers_gRPC_readiness_and_liveness_in_plaintext_HTTP2()
    {
        using var channel = GrpcChannel.ForAddress(server.HealthAddress);
        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        foreach (var service in new[] { "", "readiness", "liveness" })
        {
            await Eventually.TrueAsync(
                async () => (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status == HealthCheckResponse.Types.ServingStatus.Serving,
                $"health service '{service}' to be SERVING");
        }

        var coordinator = new Coordinator.CoordinatorClient(channel);
        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.Unimplemented,
            () => coordinator.LoginAsync(new LoginRequest { Username = "alice", LoginSecret = TestUser.LoginSecret }).ResponseAsync);
    }

    [Fact]
    public async Task The_dashboard_is_served_on_its_loopback_port_only_and_requires_its_password()
    {
        using (var admin = new HttpClient { BaseAddress = server.AdminAddress })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);
        }

        using var http = new HttpClient { BaseAddress = server.DashboardAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        wrong.Headers.Authorization = Basic("admin", "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        right.Headers.Authorization = Basic("admin", AdminGatewayServer.DashboardPassword);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task HTTP_health_endpoints_answer_on_the_admin_port()
    {
        using var http = new HttpClient { BaseAddress = server.AdminAddress };
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode, "readiness to be healthy");
        Assert.True((await http.GetAsync(new Uri("/healthz/live", UriKind.Relative))).IsSuccessStatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
