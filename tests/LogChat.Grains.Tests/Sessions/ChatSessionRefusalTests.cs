using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

[Collection(SessionClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ChatSessionRefusalTests(GrainClusterFixture cluster)
{
    private static readonly byte[] Fingerprint = new byte[32];

    [Fact]
    public async Task A_second_accept_is_refused()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);

        await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => session.Accept(bob.UserId));
        await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => session.Decline(bob.UserId));
        Assert.Equal(SessionState.Accepted, (await session.GetRecord()).State);
    }

    [Fact]
    public async Task AcceptChat_and_DeclineChat_from_the_initiator_are_refused()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);

        var accept = await AssertRefusedAsync(CoordinatorError.PermissionDenied, () => session.Accept(alice.UserId));
        await AssertRefusedAsync(CoordinatorError.PermissionDenied, () => session.Decline(alice.UserId));

        Assert.Contains(bob.Username, accept.Message, StringComparison.Ordinal);
        Assert.Equal("requested", (await cluster.Tables.SessionAsync(sessionId))!.State);
    }

    [Fact]
    public async Task ReportHostReady_from_the_dialler_is_refused()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);

        await AssertRefusedAsync(CoordinatorError.PermissionDenied, () => session.ReportHostReady(bob.UserId, "192.0.2.1", 443, Fingerprint));

        Assert.Equal("accepted", (await cluster.Tables.SessionAsync(sessionId))!.State);
    }

    [Fact]
    public async Task A_second_ReportHostReady_is_refused_and_the_first_endpoint_stands()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);
        await session.ReportHostReady(alice.UserId, "192.0.2.1", 443, Fingerprint);

        await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => session.ReportHostReady(alice.UserId, "192.0.2.99", 80, Fingerprint));

        await bob.WaitForAsync<SessionInfoEvent>(e => e.SessionId == sessionId);
        Assert.Single(bob.Events.OfType<SessionInfoEvent>(), e => e.SessionId == sessionId);
    }

    [Fact]
    public async Task A_user_who_is_not_a_participant_cannot_act_on_the_session()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var mallory = await cluster.OnlineUserAsync("mallory");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);

        await AssertRefusedAsync(CoordinatorError.PermissionDenied, () => session.Accept(mallory.UserId));
        await AssertRefusedAsync(CoordinatorError.PermissionDenied, () => session.Decline(mallory.UserId));
        await AssertRefusedAsync(CoordinatorError.PermissionDenied, () => session.EndSession(mallory.UserId, SessionEndReason.Completed, null));
        await session.Accept(bob.UserId);
        await AssertRefusedAsync(CoordinatorError.PermissionDenied, () => session.ReportHostReady(mallory.UserId, "192.0.2.66", 443, Fingerprint));

        Assert.Equal("accepted", (await cluster.Tables.SessionAsync(sessionId))!.State);
    }

    [Fact]
    public async Task Acting_on_an_unknown_session_is_not_found()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        var session = cluster.Session(Guid.NewGuid());

        await AssertRefusedAsync(CoordinatorError.NotFound, session.GetRecord);
        await AssertRefusedAsync(CoordinatorError.NotFound, () => session.Accept(alice.UserId));
        await AssertRefusedAsync(CoordinatorError.NotFound, () => session.Decline(alice.UserId));
        await AssertRefusedAsync(CoordinatorError.NotFound, () => session.ReportHostReady(alice.UserId, "192.0.2.1", 443, Fingerprint));
        await AssertRefusedAsync(CoordinatorError.NotFound, () => session.EndSession(alice.UserId, SessionEndReason.Completed, null));
    }

    [Fact]
    public async Task A_chat_request_to_oneself_is_refused_and_records_nothing()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        var sessionId = Guid.NewGuid();

        await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => cluster.Session(sessionId).Request(alice.User, alice.User));

        Assert.Null(await cluster.Tables.SessionAsync(sessionId));
    }

    [Fact]
    public async Task A_chat_request_to_an_offline_user_is_refused_naming_the_user()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        var bob = await cluster.RegisterAsync("bob");
        var sessionId = Guid.NewGuid();

        var refusal = await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => cluster.Session(sessionId).Request(alice.User, bob));

        Assert.Equal($"{bob.Username} is offline", refusal.Message);
        Assert.Null(await cluster.Tables.SessionAsync(sessionId));
    }

    [Fact]
    public async Task A_chat_request_from_a_user_without_a_Connect_stream_is_refused()
    {
        var alice = await cluster.RegisterAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = Guid.NewGuid();

        await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => cluster.Session(sessionId).Request(alice, bob.User));

        Assert.Empty(bob.Events);
        Assert.Null(await cluster.Tables.SessionAsync(sessionId));
    }

    [Fact]
    public async Task Requesting_an_existing_session_again_is_refused()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var carol = await cluster.OnlineUserAsync("carol");
        var sessionId = await cluster.RequestAsync(alice, bob);

        await AssertRefusedAsync(CoordinatorError.AlreadyExists, () => cluster.Session(sessionId).Request(alice.User, carol.User));

        Assert.Equal(bob.UserId, (await cluster.Tables.SessionAsync(sessionId))!.ResponderId);
    }

    [Fact]
    public async Task An_ended_session_refuses_every_further_step()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        var session = cluster.Session(sessionId);
        await session.Accept(bob.UserId);
        await session.EndSession(bob.UserId, SessionEndReason.ConnectionFailed, null);

        var ready = await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => session.ReportHostReady(alice.UserId, "192.0.2.1", 443, Fingerprint));
        await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => session.Accept(bob.UserId));
        await AssertRefusedAsync(CoordinatorError.FailedPrecondition, () => session.Decline(bob.UserId));

        Assert.Contains("connection_failed", ready.Message, StringComparison.Ordinal);
        var row = await cluster.Tables.SessionAsync(sessionId);
        Assert.Equal(("ended", "connection_failed"), (row!.State, row.EndReason));
        Assert.Null(row.HostReadyAt);
        Assert.DoesNotContain(bob.Events.OfType<SessionInfoEvent>(), e => e.SessionId == sessionId);
    }

    [Fact]
    public async Task A_request_beyond_the_open_session_cap_is_refused_until_one_ends()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        // Connected sessions wait for nothing, so none of them ends by a timeout while the test runs.
        var open = new List<Guid>();
        for (var i = 0; i < GrainClusterFixture.MaxOpenSessionsPerUser; i++)
        {
            var sessionId = await cluster.RequestAsync(alice, bob);
            var session = cluster.Session(sessionId);
            await session.Accept(bob.UserId);
            await session.ReportHostReady(alice.UserId, "192.0.2.1", 5555, Fingerprint);
            await session.ReportConnected(bob.UserId);
            open.Add(sessionId);
        }

        var refusal = await AssertRefusedAsync(CoordinatorError.ResourceExhausted, () => cluster.RequestAsync(alice, bob));
        Assert.Contains($"{alice.Username} has {GrainClusterFixture.MaxOpenSessionsPerUser} open sessions", refusal.Message, StringComparison.Ordinal);

        await cluster.Session(open[0]).EndSession(alice.UserId, SessionEndReason.Completed, null);
        await cluster.RequestAsync(alice, bob);
    }

    private static async Task<CoordinatorException> AssertRefusedAsync(CoordinatorError expected, Func<Task> action)
    {
        var refusal = await Assert.ThrowsAsync<CoordinatorException>(action);
        Assert.Equal(expected, refusal.Error);
        return refusal;
    }
}
