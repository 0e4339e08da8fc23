using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class SessionRulesTests(GatewayServer server)
{
    [Fact]
    public async Task A_request_to_an_offline_user_is_refused_by_name()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth).ResponseAsync,
            $"{bob.Name} is offline");
    }

    [Fact]
    public async Task A_request_to_an_unknown_user_or_to_oneself_is_refused()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);

        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = "nobody-at-all" }, alice.Auth).ResponseAsync, "no user named");
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = alice.Name.ToUpperInvariant() }, alice.Auth).ResponseAsync, "yourself");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = "x" }, alice.Auth).ResponseAsync);
    }

    [Fact]
    public async Task With_no_side_accepting_inbound_the_request_fails_and_the_session_is_recorded_as_ended()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: false);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: false);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth).ResponseAsync,
            "no direct path");
        Assert.Equal(1L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.initiator_id WHERE u.username = $1 AND s.end_reason = 'no_connection_path' AND s.state = 'ended'",
            alice.Name));
    }

    [Fact]
    public async Task Unknown_and_malformed_session_ids_are_refused()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => alice.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = Guid.NewGuid().ToString() }, alice.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => alice.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = "not-a-uuid" }, alice.Auth).ResponseAsync, "UUID");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => alice.Client.EndSessionAsync(new EndSessionRequest { SessionId = "" }, alice.Auth).ResponseAsync);
    }

    [Fact]
    public async Task Each_participant_acts_only_in_its_own_role_and_strangers_not_at_all()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var mallory = await TestUser.CreateAsync(server, "mallory");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: false);
        var session = (await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth)).SessionId;
        var ready = new ReportHostReadyRequest { SessionId = session, Port = 5000, CertificateSha256 = ByteString.CopyFrom(new byte[32]) };

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => mallory.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = session }, mallory.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => mallory.Client.EndSessionAsync(new EndSessionRequest { SessionId = session }, mallory.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => mallory.Client.ReportHostReadyAsync(ready, mallory.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => alice.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = session }, alice.Auth).ResponseAsync, $"only {bob.Name}");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => alice.Client.DeclineChatAsync(new DeclineChatRequest { SessionId = session }, alice.Auth).ResponseAsync);

        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = session }, bob.Auth);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = session }, bob.Auth).ResponseAsync, "answered already");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => bob.Client.ReportHostReadyAsync(ready, bob.Auth).ResponseAsync, "only the host");
        await alice.Client.ReportHostReadyAsync(ready, alice.Auth);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => alice.Client.ReportHostReadyAsync(ready, alice.Auth).ResponseAsync);
        Assert.Equal("host_ready", await server.ScalarAsync<string>("SELECT state FROM sessions WHERE id = $1", Guid.Parse(session)));
    }

    [Fact]
    public async Task HostReady_with_a_bad_port_or_fingerprint_is_refused()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var session = Guid.NewGuid().ToString();
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = session, Port = 0, CertificateSha256 = ByteString.CopyFrom(new byte[32]) }, alice.Auth).ResponseAsync, "port");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = session, Port = 70000, CertificateSha256 = ByteString.CopyFrom(new byte[32]) }, alice.Auth).ResponseAsync, "port");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = session, Port = 5000, CertificateSha256 = ByteString.CopyFrom(new byte[31]) }, alice.Auth).ResponseAsync, "certificate_sha256");
    }

    [Fact]
    public async Task A_user_may_have_several_sessions_at_once()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var carol = await TestUser.CreateAsync(server, "carol");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        await using var carolEvents = await carol.GoOnlineAsync(canAcceptInbound: true);

        var withBob = (await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth)).SessionId;
        var withCarol = (await alice.Client.RequestChatAsync(new RequestChatRequest { Username = carol.Name }, alice.Auth)).SessionId;
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = withBob }, bob.Auth);
        await carol.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = withCarol }, carol.Auth);

        Assert.Equal(bob.Name, (await aliceEvents.SessionInfoAsync(withBob)).PeerUsername);
        Assert.Equal(carol.Name, (await aliceEvents.SessionInfoAsync(withCarol)).PeerUsername);
    }
}
