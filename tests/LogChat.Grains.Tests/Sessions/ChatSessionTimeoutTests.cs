using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

[Collection(SessionClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ChatSessionTimeoutTests(GrainClusterFixture cluster)
{
    [Fact]
    public async Task An_unanswered_request_ends_with_request_timeout_after_the_request_timeout()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");

        var sessionId = await cluster.RequestAsync(alice, bob);

        Assert.Equal(SessionEndReason.RequestTimeout, (await alice.WaitForEndAsync(sessionId)).Reason);
        Assert.Equal(SessionEndReason.RequestTimeout, (await bob.WaitForEndAsync(sessionId)).Reason);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "request_timeout"), (row!.State, row.EndReason));
        Assert.True(row.EndedAt - row.StartedAt >= GrainClusterFixture.RequestTimeout, $"ended {row.EndedAt - row.StartedAt} after the request");
        Assert.Null(row.AcceptedAt);
    }

    [Fact]
    public async Task An_accepted_session_whose_host_never_reports_ready_ends_with_host_ready_timeout()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);

        await cluster.Session(sessionId).Accept(bob.UserId);

        Assert.Equal(SessionEndReason.HostReadyTimeout, (await alice.WaitForEndAsync(sessionId)).Reason);
        Assert.Equal(SessionEndReason.HostReadyTimeout, (await bob.WaitForEndAsync(sessionId)).Reason);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "host_ready_timeout"), (row!.State, row.EndReason));
        Assert.True(row.EndedAt - row.AcceptedAt >= GrainClusterFixture.HostReadyTimeout, $"ended {row.EndedAt - row.AcceptedAt} after the accept");
        Assert.Null(row.HostReadyAt);
    }

    [Fact]
    public async Task A_ready_session_the_peers_never_report_connected_ends_with_connection_failed_after_the_connect_timeout()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);

        await session.ReportHostReady(alice.UserId, "192.0.2.1", 5555, new byte[32]);

        Assert.Equal(SessionEndReason.ConnectionFailed, (await bob.WaitForEndAsync(sessionId)).Reason);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "connection_failed"), (row!.State, row.EndReason));
        Assert.True(row.EndedAt - row.HostReadyAt >= GrainClusterFixture.ConnectTimeout, $"ended {row.EndedAt - row.HostReadyAt} after the host was ready");
    }

    [Fact]
    public async Task An_unanswered_request_still_times_out_after_its_session_grain_is_reactivated()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        await cluster.Cluster.DeactivateAsync(cluster.Session(sessionId));

        Assert.Equal(SessionState.Requested, (await cluster.Session(sessionId).GetRecord()).State);

        Assert.Equal(SessionEndReason.RequestTimeout, (await bob.WaitForEndAsync(sessionId)).Reason);
        Assert.Equal("request_timeout", (await cluster.Tables.SessionAsync(sessionId))!.EndReason);
    }

    [Fact]
    public async Task A_request_answered_in_time_does_not_time_out_when_its_request_deadline_passes()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var carol = await cluster.OnlineUserAsync("carol");
        var answered = await cluster.RequestAsync(alice, bob);
        var unanswered = await cluster.RequestAsync(alice, carol);
        var session = cluster.Session(answered);
        await session.Accept(bob.UserId);
        await session.ReportHostReady(alice.UserId, "198.51.100.7", 40123, new byte[32]);

        await carol.WaitForEndAsync(unanswered);

        Assert.Equal(SessionState.HostReady, (await session.GetRecord()).State);
        Assert.Equal("host_ready", (await cluster.Tables.SessionAsync(answered))!.State);
    }
}
