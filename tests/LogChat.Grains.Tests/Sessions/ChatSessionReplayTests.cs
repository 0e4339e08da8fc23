using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

[Collection(SessionClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ChatSessionReplayTests(GrainClusterFixture cluster)
{
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    [Fact]
    public async Task A_responder_who_reconnects_gets_the_unanswered_chat_request_again()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = Guid.NewGuid();
        await cluster.Session(sessionId).Request(alice.User, bob.User);
        await bob.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == sessionId);

        await bob.ReconnectAsync();

        var again = await bob.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == sessionId);
        Assert.Equal(alice.UserId, again.From.UserId);
    }

    [Fact]
    public async Task A_host_and_a_dialler_who_reconnect_get_their_session_info_again()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob", NatType.Symmetric);
        var sessionId = Guid.NewGuid();
        var session = cluster.Session(sessionId);
        await session.Request(alice.User, bob.User);
        await session.Accept(bob.UserId);
        await alice.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);

        await alice.ReconnectAsync();
        Assert.Equal(SessionRole.Host, (await alice.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId)).Role);

        await session.ReportHostReady(alice.UserId, "192.0.2.1", 5555, Fingerprint);
        await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        await bob.ReconnectAsync();
        var dial = await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Equal(SessionRole.Dial, dial.Role);
        Assert.Equal(("192.0.2.1", 5555), (dial.Host!.Address, dial.Host.Port));
        Assert.Equal(Fingerprint, dial.Host.CertificateSha256);
    }

    [Fact]
    public async Task A_dialler_who_reconnects_once_connected_gets_nothing_again()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob", NatType.Symmetric);
        await using var control = await cluster.OnlineUserAsync("carol");
        var sessionId = Guid.NewGuid();
        var session = cluster.Session(sessionId);
        await session.Request(alice.User, bob.User);
        await session.Accept(bob.UserId);
        await session.ReportHostReady(alice.UserId, "192.0.2.1", 5555, Fingerprint);
        await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        await session.ReportConnected(bob.UserId);

        await bob.ReconnectAsync();
        var controlSession = Guid.NewGuid();
        await cluster.Session(controlSession).Request(control.User, bob.User);
        await bob.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == controlSession);

        Assert.DoesNotContain(bob.Events, e => e is SessionInfoEvent info && info.SessionId == sessionId);
        Assert.Equal(SessionState.HostReady, (await session.GetRecord()).State);
    }

    [Fact]
    public async Task Nothing_is_replayed_for_a_session_that_needs_nothing_more_from_the_user()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var control = await cluster.OnlineUserAsync("carol");
        var sessionId = Guid.NewGuid();
        var session = cluster.Session(sessionId);
        await session.Request(alice.User, bob.User);
        await bob.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == sessionId);

        await alice.ReconnectAsync();
        var controlSession = Guid.NewGuid();
        await cluster.Session(controlSession).Request(control.User, alice.User);
        await alice.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == controlSession);

        Assert.DoesNotContain(alice.Events, e => e is ChatRequestedEvent r && r.SessionId == sessionId);
    }
}
