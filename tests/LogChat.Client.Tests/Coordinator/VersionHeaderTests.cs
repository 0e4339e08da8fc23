using Grpc.Core;
using LogChat.Client.Cli;
using LogChat.Client.Coordinator;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>Every coordinator call states this release, and a coordinator's refusal of it reads as "please upgrade".</summary>
public sealed class VersionHeaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_kind_of_call_on_every_channel_states_the_release_and_the_coordinator_protocol()
    {
        var behaviour = new FakeGateway.Behaviour();
        await using var gateway = await FakeGateway.StartAsync(behaviour);
        var servers = CoordinatorAddress.ParseList([gateway.Url]);

        // The stand-in leaves these two unimplemented: what matters is what reached it.
        await Assert.ThrowsAsync<RpcException>(() => CoordinatorSession.GetLoginSaltAsync(servers, "alice", CancellationToken.None));
        await Assert.ThrowsAsync<RpcException>(() => CoordinatorSession.RegisterAsync(servers, "alice", new byte[32], new byte[32], CancellationToken.None));
        using var session = await CoordinatorSession.LoginAsync(servers, "alice", new byte[32], CancellationToken.None);
        await session.RequestChatAsync("bob", CancellationToken.None);
        await using (var feed = session.OpenEvents(_ => Task.CompletedTask, new ReconnectBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1))))
        {
            feed.Start();
            await feed.WaitUntilOnlineAsync(CancellationToken.None).WaitAsync(Patience);
        }

        using (var observer = session.OpenAddressObserver())
        {
            await observer.ObserveAsync(CancellationToken.None);
        }

        await Assert.ThrowsAsync<RpcException>(() => session.ReportPunchReadyAsync(new Protocol.Sessions.SessionId(Guid.NewGuid()), null, CancellationToken.None));

        var calls = behaviour.VersionHeaders.ToArray();
        Assert.Equal(
            new[] { "Connect", "GetLoginSalt", "Login", "ObserveAddress", "Register", "ReportPunchReady", "RequestChat" },
            calls.Select(call => call.Method).Distinct().Order(StringComparer.Ordinal));
        Assert.All(calls, call =>
        {
            Assert.Equal($"logchat/{ClientBuild.Version}", call.Client);
            Assert.Equal("2", call.Protocol);
        });
        Assert.Matches(@"^logchat/\d+\.\d+\.\d+$", calls[0].Client);
        Assert.StartsWith($"logchat {ClientBuild.Version} (", VersionAction.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_release_reads_as_please_upgrade_with_the_minimum_on_a_call()
    {
        await using var gateway = await FakeGateway.StartAsync(new FakeGateway.Behaviour { RefusesVersionOn = new HashSet<string> { "Login" }, MinimumClient = "7.1.0" });

        var refusal = await Assert.ThrowsAsync<UpgradeRequiredException>(
            () => CoordinatorSession.LoginAsync(CoordinatorAddress.ParseList([gateway.Url]), "alice", new byte[32], CancellationToken.None));

        Assert.StartsWith("Please upgrade: this coordinator needs logchat 7.1.0 or newer", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Equal("7.1.0", refusal.Trailers.GetValue(LogChat.Protocol.Versions.VersionHeaders.MinimumClientTrailer));
    }

    [Fact]
    public async Task A_refused_release_stops_the_event_stream_for_good_with_please_upgrade()
    {
        var behaviour = new FakeGateway.Behaviour { RefusesVersionOn = new HashSet<string> { "Connect" } };
        await using var gateway = await FakeGateway.StartAsync(behaviour);
        using var session = await CoordinatorSession.LoginAsync(CoordinatorAddress.ParseList([gateway.Url]), "alice", new byte[32], CancellationToken.None);
        await using var feed = session.OpenEvents(_ => Task.CompletedTask, new ReconnectBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)));

        feed.Start();

        var refusal = await Assert.ThrowsAsync<UpgradeRequiredException>(() => feed.WaitUntilOnlineAsync(CancellationToken.None).WaitAsync(Patience));
        Assert.StartsWith("Please upgrade: this coordinator needs logchat 99.0.0 or newer", refusal.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UpgradeRequiredException>(() => feed.Events.Completion.WaitAsync(Patience));
        Assert.Single(behaviour.VersionHeaders, call => call.Method == "Connect");
    }

    [Fact]
    public async Task An_ordinary_failed_precondition_stays_a_status_of_its_own()
    {
        await using var gateway = await FakeGateway.StartAsync(new FakeGateway.Behaviour { RequestChatAnswer = StatusCode.FailedPrecondition });
        using var session = await CoordinatorSession.LoginAsync(CoordinatorAddress.ParseList([gateway.Url]), "alice", new byte[32], CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<RpcException>(() => session.RequestChatAsync("bob", CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
    }
}
