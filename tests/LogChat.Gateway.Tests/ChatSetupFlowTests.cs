using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ChatSetupFlowTests(GatewayServer server)
{
    [Fact]
    public async Task Register_login_connect_request_accept_host_ready_gives_both_sides_their_SessionInfo()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: false);

        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        var request = await bobEvents.ChatRequestedAsync(requested.SessionId);
        Assert.Equal(alice.Name, request.FromUsername);
        Assert.Equal(alice.UserId, request.FromUserId);
        Assert.Equal(alice.IdentityKey, request.FromIdentityKey.PublicKey.ToByteArray());

        var accepted = await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        Assert.Equal(SessionRole.Dial, accepted.Role);

        var hostInfo = await aliceEvents.SessionInfoAsync(requested.SessionId);
        Assert.Equal(SessionRole.Host, hostInfo.Role);
        Assert.Equal(bob.UserId, hostInfo.PeerUserId);
        Assert.Equal(bob.IdentityKey, hostInfo.PeerIdentityKey.PublicKey.ToByteArray());
        Assert.True(hostInfo.Initiator);

        var fingerprint = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        await alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = requested.SessionId, Port = 40123, CertificateSha256 = ByteString.CopyFrom(fingerprint) },
            alice.Auth);

        var dialInfo = await bobEvents.SessionInfoAsync(requested.SessionId);
        Assert.Equal(SessionRole.Dial, dialInfo.Role);
        Assert.Equal("127.0.0.1", dialInfo.HostAddress);
        Assert.Equal(40123u, dialInfo.HostPort);
        Assert.Equal(fingerprint, dialInfo.HostCertificateSha256.ToByteArray());
        Assert.Equal(alice.UserId, dialInfo.PeerUserId);
        Assert.Equal(alice.IdentityKey, dialInfo.PeerIdentityKey.PublicKey.ToByteArray());
        Assert.False(dialInfo.Initiator);

        Assert.Equal("host_ready", await server.ScalarAsync<string>("SELECT state FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
        Assert.Equal(Guid.Parse(alice.UserId), await server.ScalarAsync<Guid>("SELECT host_id FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
    }

    [Fact]
    public async Task The_responder_hosts_when_only_it_accepts_inbound_connections()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: false);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true, NatType.FullCone);

        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bobEvents.ChatRequestedAsync(requested.SessionId);
        var accepted = await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);

        Assert.Equal(SessionRole.Host, accepted.Role);
        Assert.Equal(SessionRole.Host, (await bobEvents.SessionInfoAsync(requested.SessionId)).Role);
    }

    [Fact]
    public async Task The_dialler_is_told_the_address_the_gateway_observed_the_host_at()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: false);

        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        await aliceEvents.SessionInfoAsync(requested.SessionId);
        await alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = requested.SessionId, Port = 443, CertificateSha256 = ByteString.CopyFrom(new byte[32]) }, alice.Auth);

        var dial = await bobEvents.SessionInfoAsync(requested.SessionId);
        Assert.Equal(("127.0.0.1", 443u), (dial.HostAddress, dial.HostPort));
    }

    [Theory]
    [InlineData(EndReason.Declined, "declined", " declined the chat")]
    [InlineData(EndReason.Busy, "busy", " is busy in another chat")]
    public async Task Declining_ends_the_session_for_both_with_the_reason_recorded(EndReason reason, string stored, string detailAfterName)
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);

        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.DeclineChatAsync(new DeclineChatRequest { SessionId = requested.SessionId, Reason = reason }, bob.Auth);

        var seenByAlice = await aliceEvents.SessionEndedAsync(requested.SessionId);
        Assert.Equal(reason, seenByAlice.Reason);
        Assert.Equal(bob.Name + detailAfterName, seenByAlice.Detail);
        Assert.Equal(reason, (await bobEvents.SessionEndedAsync(requested.SessionId)).Reason);
        Assert.Equal(stored, await server.ScalarAsync<string>("SELECT end_reason FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
    }

    [Theory]
    [InlineData(EndReason.Unspecified)]
    [InlineData(EndReason.Completed)]
    public async Task Declining_for_a_reason_other_than_declined_or_busy_is_refused_and_the_request_stands(EndReason reason)
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => bob.Client.DeclineChatAsync(
            new DeclineChatRequest { SessionId = requested.SessionId, Reason = reason }, bob.Auth).ResponseAsync);

        Assert.Equal("requested", await server.ScalarAsync<string>("SELECT state FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
    }

    [Fact]
    public async Task EndSession_tells_the_peer_and_records_the_callers_reason()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);

        await bob.Client.EndSessionAsync(new EndSessionRequest { SessionId = requested.SessionId, Reason = EndReason.HeartbeatTimeout }, bob.Auth);

        Assert.Equal(EndReason.HeartbeatTimeout, (await aliceEvents.SessionEndedAsync(requested.SessionId)).Reason);
        Assert.Equal("heartbeat_timeout", await server.ScalarAsync<string>("SELECT end_reason FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
        await alice.Client.EndSessionAsync(new EndSessionRequest { SessionId = requested.SessionId, Reason = EndReason.Completed }, alice.Auth);
        Assert.Equal("heartbeat_timeout", await server.ScalarAsync<string>("SELECT end_reason FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
    }

    [Fact]
    public async Task The_path_is_recorded_and_told_and_a_dialler_that_cannot_connect_tells_the_host_at_once()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: false);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        Assert.Equal(ConnectionPath.Reversed, (await bobEvents.SessionInfoAsync(requested.SessionId)).Path);
        await bob.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = requested.SessionId, Port = 443, CertificateSha256 = ByteString.CopyFrom(new byte[32]) }, bob.Auth);
        Assert.Equal(ConnectionPath.Reversed, (await aliceEvents.SessionInfoAsync(requested.SessionId)).Path);
        Assert.Equal("reversed", await server.ScalarAsync<string>("SELECT path FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));

        await alice.Client.EndSessionAsync(
            new EndSessionRequest { SessionId = requested.SessionId, Reason = EndReason.ConnectionFailed, Detail = "could not reach 127.0.0.1:443" }, alice.Auth);

        var ended = await bobEvents.SessionEndedAsync(requested.SessionId);
        Assert.Equal(EndReason.ConnectionFailed, ended.Reason);
        Assert.Equal($"reversed connection: could not reach 127.0.0.1:443 (reported by {alice.Name})", ended.Detail);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.EndSessionAsync(
            new EndSessionRequest { SessionId = requested.SessionId, Reason = EndReason.Completed, Detail = "bell\u0007" }, alice.Auth).ResponseAsync, "detail");
    }

    [Fact]
    public async Task A_reported_connection_records_when_the_peers_connected()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: false);
        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => alice.Client.ReportConnectedAsync(
            new ReportConnectedRequest { SessionId = requested.SessionId }, alice.Auth).ResponseAsync);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        await aliceEvents.SessionInfoAsync(requested.SessionId);
        await alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = requested.SessionId, Port = 443, CertificateSha256 = ByteString.CopyFrom(new byte[32]) }, alice.Auth);

        await bob.Client.ReportConnectedAsync(new ReportConnectedRequest { SessionId = requested.SessionId }, bob.Auth);

        Assert.Equal("direct", await server.ScalarAsync<string>("SELECT path FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
        Assert.NotNull(await server.ScalarAsync<DateTime?>("SELECT connected_at FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
    }

    [Theory]
    [InlineData(EndReason.Unspecified)]
    [InlineData(EndReason.Declined)]
    [InlineData((EndReason)99)]
    public async Task EndSession_without_a_reason_a_peer_observes_is_refused_and_ends_nothing(EndReason reason)
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await alice.Client.EndSessionAsync(new EndSessionRequest { SessionId = requested.SessionId, Reason = reason }, alice.Auth));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("requested", await server.ScalarAsync<string>("SELECT state FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
    }
}
