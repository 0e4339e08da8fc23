using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Relay;
using Xunit;

namespace LogChat.Gateway.Tests;

/// <summary>A coordinator with a relay: pairs with no direct path, and sessions whose direct attempt failed, get tickets.</summary>
[Collection(RelayGatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class RelayCoordinationTests(RelayGatewayServer server)
{
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public async Task A_pair_with_no_direct_path_is_relayed_once_the_host_has_its_certificate()
    {
        var (alice, bob, aliceEvents, bobEvents) = await PairAsync(reachable: false);
        await using var _ = aliceEvents;
        await using var __ = bobEvents;

        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        var hostInfo = await aliceEvents.SessionInfoAsync(requested.SessionId);
        var dialInfo = await bobEvents.SessionInfoAsync(requested.SessionId);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => bob.Client.ReportRelayReadyAsync(
            new ReportRelayReadyRequest { SessionId = requested.SessionId, CertificateSha256 = ByteString.CopyFrom(Fingerprint) }, bob.Auth).ResponseAsync);
        await alice.Client.ReportRelayReadyAsync(
            new ReportRelayReadyRequest { SessionId = requested.SessionId, CertificateSha256 = ByteString.CopyFrom(Fingerprint) }, alice.Auth);

        Assert.Equal((SessionRole.Host, ConnectionPath.Relayed), (hostInfo.Role, hostInfo.Path));
        Assert.Equal((SessionRole.Dial, ConnectionPath.Relayed, 0u), (dialInfo.Role, dialInfo.Path, dialInfo.HostPort));
        var sent = await AssertBothRelayedAsync(requested.SessionId, aliceEvents, bobEvents);

        // A side that reconnects while the session is relaying is sent its ticket again, the same bytes.
        await using var bobAgain = await bob.ConnectAsync();
        var replayed = (await bobAgain.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.RelayGo)).RelayGo;
        Assert.Equal(sent.ToByteArray(), replayed.Ticket.ToByteArray());
    }

    [Fact]
    public async Task A_dialler_that_cannot_reach_the_host_falls_back_to_the_relay_and_a_late_report_of_the_same_failure_is_told_so_too()
    {
        var (alice, bob, aliceEvents, bobEvents) = await PairAsync(reachable: true);
        await using var _ = aliceEvents;
        await using var __ = bobEvents;
        var requested = await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        await bob.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = requested.SessionId }, bob.Auth);
        await alice.Client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = requested.SessionId, Port = 40000, CertificateSha256 = ByteString.CopyFrom(Fingerprint) }, alice.Auth);
        var failure = new ReportConnectionFailedRequest { SessionId = requested.SessionId, Path = ConnectionPath.Direct, Detail = "Could not reach the host." };

        var first = await bob.Client.ReportConnectionFailedAsync(failure, bob.Auth);
        var second = await alice.Client.ReportConnectionFailedAsync(failure, alice.Auth);

        Assert.Equal((true, true), (first.Relayed, second.Relayed));
        await AssertBothRelayedAsync(requested.SessionId, aliceEvents, bobEvents);
    }

    [Fact]
    public async Task Failure_reports_and_relay_readiness_with_bad_fields_are_invalid_arguments()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var session = Guid.NewGuid().ToString();

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.ReportConnectionFailedAsync(
            new ReportConnectionFailedRequest { SessionId = session }, alice.Auth).ResponseAsync, "path");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.ReportConnectionFailedAsync(
            new ReportConnectionFailedRequest { SessionId = session, Path = ConnectionPath.Direct, Detail = new string('x', 201) }, alice.Auth).ResponseAsync, "detail");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.ReportRelayReadyAsync(
            new ReportRelayReadyRequest { SessionId = session, CertificateSha256 = ByteString.CopyFrom(new byte[31]) }, alice.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.ReportRelayReadyAsync(
            new ReportRelayReadyRequest { SessionId = "not-a-session", CertificateSha256 = ByteString.CopyFrom(Fingerprint) }, alice.Auth).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => alice.Client.ReportConnectionFailedAsync(
            new ReportConnectionFailedRequest { SessionId = session, Path = ConnectionPath.Relayed }, alice.Auth).ResponseAsync);
    }

    private async Task<(TestUser Alice, TestUser Bob, EventFeed AliceEvents, EventFeed BobEvents)> PairAsync(bool reachable)
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        if (!reachable)
        {
            await alice.MeasureAsRestrictedConeAsync();
        }

        var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: reachable);
        var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: reachable);
        return (alice, bob, aliceEvents, bobEvents);
    }

    // Returns the dialler's ticket.
    private async Task<ByteString> AssertBothRelayedAsync(string sessionId, EventFeed hostEvents, EventFeed diallerEvents)
    {
        var hostGo = (await hostEvents.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.RelayGo)).RelayGo;
        var diallerGo = (await diallerEvents.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.RelayGo)).RelayGo;
        Assert.Equal(("198.51.100.40", 50061u, SessionRole.Host, 0), (hostGo.RelayAddress, hostGo.RelayPort, hostGo.Side, hostGo.HostCertificateSha256.Length));
        Assert.Equal(SessionRole.Dial, diallerGo.Side);
        Assert.Equal(Fingerprint, diallerGo.HostCertificateSha256.ToByteArray());
        var now = DateTimeOffset.UtcNow;
        var hostTicket = RelayTicketCodec.Verify(hostGo.Ticket.Span, RelayGatewayServer.Keyring, RelayGatewayServer.RelayId, now).Ticket!;
        var diallerTicket = RelayTicketCodec.Verify(diallerGo.Ticket.Span, RelayGatewayServer.Keyring, RelayGatewayServer.RelayId, now).Ticket!;
        Assert.Equal((sessionId, RelaySide.Host), (hostTicket.SessionId.ToString(), hostTicket.Side));
        Assert.Equal((sessionId, RelaySide.Dialer), (diallerTicket.SessionId.ToString(), diallerTicket.Side));
        Assert.InRange(hostTicket.ExpiresAt - now, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
        var id = Guid.Parse(sessionId);
        Assert.Equal("relaying", await server.ScalarAsync<string>("SELECT state FROM sessions WHERE id = $1", id));
        Assert.Equal("relayed", await server.ScalarAsync<string>("SELECT path FROM sessions WHERE id = $1", id));
        Assert.Equal(RelayGatewayServer.RelayId, await server.ScalarAsync<string>("SELECT relay_id FROM sessions WHERE id = $1", id));
        return diallerGo.Ticket;
    }
}
