using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

[Collection(SessionClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ChatSessionFlowTests(GrainClusterFixture cluster)
{
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public async Task A_chat_goes_from_requested_to_accepted_to_host_ready_to_ended_telling_each_side_its_part()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob", NatType.Symmetric);
        var sessionId = Guid.NewGuid();
        var session = cluster.Session(sessionId);

        var expiresAt = await session.Request(alice.User, bob.User);

        var request = await bob.WaitForAsync<ChatRequestedEvent>(e => e.SessionId == sessionId);
        Assert.Equal(alice.UserId, request.From.UserId);
        Assert.Equal(alice.Username, request.From.Username);
        Assert.Equal(alice.User.IdentityKey, request.From.IdentityKey);
        Assert.Equal(expiresAt, request.ExpiresAt);
        var requested = await cluster.Tables.SessionAsync(sessionId);
        Assert.NotNull(requested);
        Assert.Equal(("requested", alice.UserId, bob.UserId, (Guid?)null), (requested.State, requested.InitiatorId, requested.ResponderId, requested.HostId));
        Assert.InRange((expiresAt - requested.StartedAt - GrainClusterFixture.RequestTimeout).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));

        Assert.Equal(SessionRole.Dial, await session.Accept(bob.UserId));

        var hostInfo = await alice.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Equal(SessionRole.Host, hostInfo.Role);
        Assert.Equal(bob.UserId, hostInfo.Peer.UserId);
        Assert.Equal(bob.User.IdentityKey, hostInfo.Peer.IdentityKey);
        Assert.True(hostInfo.Initiator);
        Assert.Null(hostInfo.Host);
        var accepted = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("accepted", (Guid?)alice.UserId), (accepted!.State, accepted.HostId));
        Assert.NotNull(accepted.AcceptedAt);

        await session.ReportHostReady(alice.UserId, "198.51.100.7", 40123, Fingerprint);

        var dialInfo = await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Equal(SessionRole.Dial, dialInfo.Role);
        Assert.Equal(alice.UserId, dialInfo.Peer.UserId);
        Assert.Equal(alice.User.IdentityKey, dialInfo.Peer.IdentityKey);
        Assert.False(dialInfo.Initiator);
        Assert.NotNull(dialInfo.Host);
        Assert.Equal(("198.51.100.7", 40123), (dialInfo.Host.Address, dialInfo.Host.Port));
        Assert.Equal(Fingerprint, dialInfo.Host.CertificateSha256);
        var ready = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal("host_ready", ready!.State);
        Assert.NotNull(ready.HostReadyAt);

        await session.EndSession(bob.UserId, SessionEndReason.Completed, null);

        Assert.Equal(SessionEndReason.Completed, (await alice.WaitForEndAsync(sessionId)).Reason);
        Assert.Equal(SessionEndReason.Completed, (await bob.WaitForEndAsync(sessionId)).Reason);
        var ended = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "completed"), (ended!.State, ended.EndReason));
        Assert.NotNull(ended.EndedAt);
        Assert.Single(alice.Events.OfType<SessionInfoEvent>());
        Assert.Single(bob.Events.OfType<SessionInfoEvent>());
        Assert.Empty(alice.Events.OfType<ChatRequestedEvent>());
    }

    [Fact]
    public async Task When_the_responder_hosts_the_initiator_is_sent_the_dial_endpoint()
    {
        await using var alice = await cluster.OnlineUserAsync("alice", NatType.Restricted);
        await using var bob = await cluster.OnlineUserAsync("bob", NatType.FullCone);
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);

        Assert.Equal(SessionRole.Host, await session.Accept(bob.UserId));
        var hostInfo = await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Equal((SessionRole.Host, false), (hostInfo.Role, hostInfo.Initiator));
        await session.ReportHostReady(bob.UserId, "192.0.2.44", 5001, Fingerprint);

        var dialInfo = await alice.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Equal((SessionRole.Dial, true, bob.UserId), (dialInfo.Role, dialInfo.Initiator, dialInfo.Peer.UserId));
        Assert.Equal(("192.0.2.44", 5001), (dialInfo.Host!.Address, dialInfo.Host.Port));
    }

    [Fact]
    public async Task The_host_is_chosen_from_presence_as_it_is_at_the_accept()
    {
        await using var alice = await cluster.OnlineUserAsync("alice", NatType.None);
        await using var bob = await cluster.OnlineUserAsync("bob", NatType.FullCone);
        var sessionId = await cluster.RequestAsync(alice, bob);
        await alice.Presence.MeasureAsync(NatType.Symmetric);

        Assert.Equal(SessionRole.Host, await cluster.Session(sessionId).Accept(bob.UserId));

        Assert.Equal(SessionRole.Host, (await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId)).Role);
        Assert.Equal(bob.UserId, (await cluster.Tables.SessionAsync(sessionId))!.HostId);
    }

    [Fact]
    public async Task A_chat_whose_connection_path_vanished_before_the_accept_ends_with_no_connection_path()
    {
        await using var alice = await cluster.OnlineUserAsync("alice", NatType.FullCone);
        await using var bob = await cluster.OnlineUserAsync("bob", NatType.Restricted);
        var sessionId = await cluster.RequestAsync(alice, bob);
        await alice.Presence.MeasureAsync(NatType.Symmetric);

        var refusal = await Assert.ThrowsAsync<CoordinatorException>(() => cluster.Session(sessionId).Accept(bob.UserId));

        Assert.Equal(CoordinatorError.FailedPrecondition, refusal.Error);
        Assert.Equal(SessionEndReason.NoConnectionPath, (await alice.WaitForEndAsync(sessionId)).Reason);
        Assert.Equal(SessionEndReason.NoConnectionPath, (await bob.WaitForEndAsync(sessionId)).Reason);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "no_connection_path", (Guid?)null), (row!.State, row.EndReason, row.HostId));
    }

    [Fact]
    public async Task A_declined_chat_ends_for_both_with_reason_declined()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);

        await cluster.Session(sessionId).Decline(bob.UserId);

        Assert.Equal(SessionEndReason.Declined, (await alice.WaitForEndAsync(sessionId)).Reason);
        Assert.Equal(SessionEndReason.Declined, (await bob.WaitForEndAsync(sessionId)).Reason);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "declined", (Guid?)null), (row!.State, row.EndReason, row.HostId));
        Assert.Equal(SessionState.Ended, (await cluster.Session(sessionId).GetRecord()).State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Either_participant_may_end_the_session_and_both_are_told(bool initiatorEnds)
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);
        var ender = initiatorEnds ? alice : bob;

        await session.EndSession(ender.UserId, SessionEndReason.PeerDisconnected, null);

        var aliceEnd = await alice.WaitForEndAsync(sessionId);
        var bobEnd = await bob.WaitForEndAsync(sessionId);
        Assert.Equal(SessionEndReason.PeerDisconnected, aliceEnd.Reason);
        Assert.Equal(SessionEndReason.PeerDisconnected, bobEnd.Reason);
        Assert.Contains(ender.Username, aliceEnd.Detail, StringComparison.Ordinal);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "peer_disconnected"), (row!.State, row.EndReason));
    }

    /// <summary>alice reports completed first; bob's report replaces it only if it ranks higher (docs/protocol.md section 19).</summary>
    [Theory]
    [InlineData(SessionEndReason.PeerDisconnected, SessionEndReason.Completed)]
    [InlineData(SessionEndReason.HeartbeatTimeout, SessionEndReason.HeartbeatTimeout)]
    public async Task Ending_an_ended_session_changes_only_its_reason_and_only_to_a_higher_ranked_one(SessionEndReason reported, SessionEndReason stored)
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.EndSession(alice.UserId, SessionEndReason.Completed, null);
        var first = await cluster.Tables.SessionAsync(sessionId);

        await session.EndSession(bob.UserId, reported, null);

        Assert.Equal(first! with { EndReason = stored.ToColumn() }, await cluster.Tables.SessionAsync(sessionId));
        Assert.Equal(stored, (await session.GetRecord()).EndReason);
    }

    [Fact]
    public async Task A_participant_going_offline_ends_its_open_sessions_with_participant_offline()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);
        await session.ReportHostReady(alice.UserId, "198.51.100.7", 40123, Fingerprint);

        await bob.DisconnectAsync();

        var ended = await alice.WaitForEndAsync(sessionId);
        Assert.Equal(SessionEndReason.ParticipantOffline, ended.Reason);
        Assert.Contains(bob.Username, ended.Detail, StringComparison.Ordinal);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "participant_offline"), (row!.State, row.EndReason));
    }

    [Fact]
    public async Task A_user_may_have_several_sessions_at_once_and_ending_one_leaves_the_others()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var carol = await cluster.OnlineUserAsync("carol");
        var withBob = await cluster.RequestAsync(alice, bob);
        var withCarol = await cluster.RequestAsync(carol, alice);

        await cluster.Session(withBob).Accept(bob.UserId);
        await cluster.Session(withCarol).Accept(alice.UserId);
        await cluster.Session(withBob).EndSession(alice.UserId, SessionEndReason.Completed, null);

        await bob.WaitForEndAsync(withBob);
        Assert.Equal(SessionState.Accepted, (await cluster.Session(withCarol).GetRecord()).State);
        Assert.Equal("accepted", (await cluster.Tables.SessionAsync(withCarol))!.State);
        Assert.Contains(alice.Events.OfType<ChatRequestedEvent>(), e => e.SessionId == withCarol);
        Assert.Contains(carol.Events.OfType<SessionInfoEvent>(), e => e.SessionId == withCarol && e.Role == SessionRole.Host);
    }

    [Fact]
    public async Task Going_offline_ends_every_open_session_of_the_user()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var carol = await cluster.OnlineUserAsync("carol");
        var withBob = await cluster.RequestAsync(alice, bob);
        var withCarol = await cluster.RequestAsync(alice, carol);
        await cluster.Session(withCarol).Accept(carol.UserId);

        await alice.DisconnectAsync();

        Assert.Equal(SessionEndReason.ParticipantOffline, (await bob.WaitForEndAsync(withBob)).Reason);
        Assert.Equal(SessionEndReason.ParticipantOffline, (await carol.WaitForEndAsync(withCarol)).Reason);
        Assert.Equal("participant_offline", (await cluster.Tables.SessionAsync(withBob))!.EndReason);
        Assert.Equal("participant_offline", (await cluster.Tables.SessionAsync(withCarol))!.EndReason);
    }
}
