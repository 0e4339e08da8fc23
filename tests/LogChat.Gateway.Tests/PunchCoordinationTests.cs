using Google.Protobuf;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Xunit;

namespace LogChat.Gateway.Tests;

/// <summary>Two restricted cones: the coordinator has each report its punch port, then tells both to go.</summary>
[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PunchCoordinationTests(GatewayServer server)
{
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public async Task Two_restricted_cones_are_told_each_others_observed_punch_port_and_when_to_start()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await alice.MeasureAsRestrictedConeAsync();
        await bob.MeasureAsRestrictedConeAsync();
        await using var aliceEvents = await alice.ConnectAsync();
        await using var bobEvents = await bob.ConnectAsync();

        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        var hostInfo = await aliceEvents.SessionInfoAsync(requested.SessionId);
        var dialInfo = await bobEvents.SessionInfoAsync(requested.SessionId);
        Assert.Equal((SessionRole.Host, ConnectionPath.Punched), (hostInfo.Role, hostInfo.Path));
        Assert.Equal((SessionRole.Dial, ConnectionPath.Punched, 0u), (dialInfo.Role, dialInfo.Path, dialInfo.HostPort));

        var alicePort = LoopbackPorts.GetFree();
        var bobPort = LoopbackPorts.GetFree();
        await TestUser.FromLocalPortAsync(server.Address, alicePort, client => client.ReportPunchReadyAsync(
            new ReportPunchReadyRequest { SessionId = requested.SessionId, CertificateSha256 = ByteString.CopyFrom(Fingerprint) }, alice.Auth).ResponseAsync);
        await TestUser.FromLocalPortAsync(server.Address, bobPort, client => client.ReportPunchReadyAsync(
            new ReportPunchReadyRequest { SessionId = requested.SessionId }, bob.Auth).ResponseAsync);

        var aliceGo = (await aliceEvents.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.PunchGo)).PunchGo;
        var bobGo = (await bobEvents.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.PunchGo)).PunchGo;
        Assert.Equal(("127.0.0.1", (uint)bobPort, 0), (aliceGo.Peer.Address, aliceGo.Peer.Port, aliceGo.HostCertificateSha256.Length));
        Assert.Equal(("127.0.0.1", (uint)alicePort), (bobGo.Peer.Address, bobGo.Peer.Port));
        Assert.Equal(Fingerprint, bobGo.HostCertificateSha256.ToByteArray());
        Assert.True(aliceGo.StartInMs > 0);
        Assert.Equal("punched", await server.ScalarAsync<string>("SELECT path FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
        Assert.Equal("host_ready", await server.ScalarAsync<string>("SELECT state FROM sessions WHERE id = $1", Guid.Parse(requested.SessionId)));
    }

    [Fact]
    public async Task Without_a_relay_a_failed_dial_ends_the_session_and_tells_both_the_path_and_the_reason()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        await alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = requested.SessionId, Port = 40000, CertificateSha256 = ByteString.CopyFrom(Fingerprint) }, alice.Auth);

        var answer = await bob.Client.ReportConnectionFailedAsync(
            new ReportConnectionFailedRequest { SessionId = requested.SessionId, Path = ConnectionPath.Direct, Detail = "Could not reach the host." }, bob.Auth);

        Assert.False(answer.Relayed);
        var ended = await aliceEvents.SessionEndedAsync(requested.SessionId);
        Assert.Equal((EndReason.ConnectionFailed, $"direct connection: Could not reach the host. (reported by {bob.Name})"), (ended.Reason, ended.Detail));
        Assert.Equal(EndReason.ConnectionFailed, (await bobEvents.SessionEndedAsync(requested.SessionId)).Reason);
    }

    [Fact]
    public async Task A_restricted_cone_and_an_unmeasured_peer_have_no_direct_path()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await alice.MeasureAsRestrictedConeAsync();
        await using var aliceEvents = await alice.ConnectAsync();
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: false);

        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.FailedPrecondition,
            () => alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth).ResponseAsync, "no direct path");
    }
}
