using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

/// <summary>
/// Setup is durable at every step: with the session grain and both presence grains deactivated after each step, the
/// chat still completes from the <c>sessions</c> row alone, and a participant who reconnects is sent again what it
/// still has to act on.
/// </summary>
[Collection(SessionClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class SessionDurabilityTests(GrainClusterFixture cluster)
{
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];

    [Fact]
    public async Task A_chat_set_up_across_deactivations_completes_and_each_reconnect_replays_the_pending_event()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob", NatType.Symmetric);
        var sessionId = Guid.NewGuid();
        var session = cluster.Session(sessionId);

        await session.Request(alice.User, bob.User);
        await bob.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == sessionId);
        await DeactivateAllAsync(sessionId, alice, bob);
        await bob.ReconnectAsync();
        Assert.Equal(alice.UserId, (await bob.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == sessionId)).From.UserId);

        Assert.Equal(SessionRole.Dial, await session.Accept(bob.UserId));
        await alice.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        await DeactivateAllAsync(sessionId, alice, bob);
        await alice.ReconnectAsync();
        Assert.Equal(SessionRole.Host, (await alice.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId)).Role);

        await session.ReportHostReady(alice.UserId, "192.0.2.44", 45000, Fingerprint);
        await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        await DeactivateAllAsync(sessionId, alice, bob);
        await bob.ReconnectAsync();
        var dial = await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Equal((SessionRole.Dial, "192.0.2.44", 45000), (dial.Role, dial.Host!.Address, dial.Host.Port));
        Assert.Equal(Fingerprint, dial.Host.CertificateSha256);
        Assert.DoesNotContain(alice.Events.OfType<SessionInfoEvent>(), e => e.Role == SessionRole.Dial);

        // Only the session: a presence grain knows its streams again at the next lease renewal, and an ended notice
        // sent before that is not replayed (the peers see the end on their own connection).
        await cluster.Cluster.DeactivateAsync(session);
        await session.EndSession(alice.UserId, SessionEndReason.Completed, null);
        Assert.Equal(SessionEndReason.Completed, (await bob.WaitForEndAsync(sessionId)).Reason);
        var ended = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "completed"), (ended!.State, ended.EndReason));
    }

    [Fact]
    public async Task The_host_endpoint_is_in_the_row_while_ready_and_gone_once_the_session_ends()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);
        await session.ReportHostReady(alice.UserId, "192.0.2.45", 45001, Fingerprint);

        await cluster.Cluster.DeactivateAsync(session);
        var ready = await session.GetRecord();
        Assert.Equal(("192.0.2.45", 45001), (ready.HostEndpoint!.Address, ready.HostEndpoint.Port));
        Assert.Equal(Fingerprint, ready.HostEndpoint.CertificateSha256);

        await session.EndSession(bob.UserId, SessionEndReason.PeerDisconnected, null);
        await cluster.Cluster.DeactivateAsync(session);
        var ended = await session.GetRecord();
        Assert.Null(ended.HostEndpoint);
        Assert.Equal(SessionEndReason.PeerDisconnected, ended.EndReason);
    }

    [Fact]
    public async Task A_user_whose_presence_was_reactivated_still_ends_its_open_sessions_on_going_offline()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);
        await session.ReportHostReady(alice.UserId, "192.0.2.46", 45002, Fingerprint);
        await DeactivateAllAsync(sessionId, alice, bob);

        await bob.DisconnectAsync();

        var ended = await alice.WaitForEndAsync(sessionId);
        Assert.Equal(SessionEndReason.ParticipantOffline, ended.Reason);
        Assert.Equal("participant_offline", (await cluster.Tables.SessionAsync(sessionId))!.EndReason);
    }

    [Fact]
    public async Task A_request_under_a_stored_id_is_refused_by_a_fresh_activation_and_the_stored_session_stays_as_it_was()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var carol = await cluster.OnlineUserAsync("carol");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);
        await cluster.Cluster.DeactivateAsync(session);

        // A new activation does not read the row before a request: the insert-only write finds the id taken.
        var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => session.Request(carol.User, bob.User));

        Assert.Equal(CoordinatorError.AlreadyExists, refusal.Error);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("accepted", alice.UserId, bob.UserId), (row!.State, row.InitiatorId, row.ResponderId));
        Assert.Equal(alice.UserId, (await session.GetRecord()).Initiator.UserId);
        Assert.DoesNotContain(bob.Events.OfType<ChatRequestedEvent>(), e => e.SessionId == sessionId && e.From.UserId == carol.UserId);
    }

    [Fact]
    public async Task A_step_on_a_session_whose_row_was_deleted_is_refused_as_no_such_session_and_writes_nothing()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        Assert.Equal([sessionId], await cluster.Tables.ColumnAsync<Guid>("DELETE FROM sessions WHERE id = $1 RETURNING id", sessionId));

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => session.Accept(bob.UserId));

        Assert.Equal(CoordinatorError.NotFound, refusal.Error);
        Assert.Null(await cluster.Tables.SessionAsync(sessionId));
    }

    private async Task DeactivateAllAsync(Guid sessionId, ConnectedUser first, ConnectedUser second)
    {
        await cluster.Cluster.DeactivateAsync(cluster.Session(sessionId));
        await cluster.Cluster.DeactivateAsync(first.Presence);
        await cluster.Cluster.DeactivateAsync(second.Presence);
    }
}
