using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class HostSelectionThroughSessionTests(GrainClusterFixture cluster)
{
    [Theory]
    [MemberData(nameof(NatTable.Rows), MemberType = typeof(NatTable))]
    public async Task Accepting_a_chat_makes_the_seed_host_host_or_refuses_a_chat_without_a_connection_path(
        NatType initiatorNat, bool initiatorInbound, NatType responderNat, bool responderInbound, ExpectedHost expected)
    {
        await using var initiator = await cluster.OnlineUserAsync("init", initiatorNat);
        await using var responder = await cluster.OnlineUserAsync("resp", responderNat);
        Assert.Equal(initiatorInbound, (await initiator.Presence.GetPresence()).CanAcceptInbound);
        Assert.Equal(responderInbound, (await responder.Presence.GetPresence()).CanAcceptInbound);
        var sessionId = Guid.NewGuid();
        var session = cluster.Session(sessionId);

        if (expected == ExpectedHost.NoConnectionPath)
        {
            var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => session.Request(initiator.User, responder.User));
            Assert.Equal(CoordinatorError.FailedPrecondition, refusal.Error);
            Assert.StartsWith("no direct path", refusal.Message, StringComparison.Ordinal);
            var ended = await cluster.Tables.SessionAsync(sessionId);
            Assert.NotNull(ended);
            Assert.Equal("ended", ended.State);
            Assert.Equal("no_connection_path", ended.EndReason);
            Assert.Null(ended.HostId);
            return;
        }

        await session.Request(initiator.User, responder.User);
        var responderRole = await session.Accept(responder.UserId);

        var (host, dialler) = expected == ExpectedHost.Initiator ? (initiator, responder) : (responder, initiator);
        Assert.Equal(expected == ExpectedHost.Responder ? SessionRole.Host : SessionRole.Dial, responderRole);
        var hostInfo = await host.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Equal(SessionRole.Host, hostInfo.Role);
        Assert.Equal(dialler.UserId, hostInfo.Peer.UserId);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.NotNull(row);
        Assert.Equal("accepted", row.State);
        Assert.Equal(host.UserId, row.HostId);
    }
}
