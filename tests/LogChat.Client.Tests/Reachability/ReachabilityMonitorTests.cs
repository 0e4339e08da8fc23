using System.Net;
using LogChat.Client.Coordinator;
using LogChat.Client.Peer;
using LogChat.Client.Reachability;
using LogChat.Client.Tests.Coordinator;
using LogChat.Client.Tests.Keys;
using Microsoft.Extensions.Time.Testing;

namespace LogChat.Client.Tests.Reachability;

/// <summary>The measurement at go-online against a stand-in gateway over real gRPC, with a real listener that it dials back.</summary>
public sealed class ReachabilityMonitorTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

    private NetworkProfile Profile => new(Path.Combine(_folder.Path, "network.json"));

    [Fact]
    public async Task Both_gateway_endpoints_see_one_punch_port_and_the_dial_back_gets_a_fresh_nonce_from_the_listener()
    {
        var calls = new FakeGateway.Behaviour { ServesProbePort = true };
        await using var gateway = await FakeGateway.StartAsync(calls);
        using var session = await LoginAsync(gateway);
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        using var monitor = new ReachabilityMonitor(session, Profile, listener, _clock);

        var measurement = await monitor.RefreshAsync(CancellationToken.None);

        var observations = calls.Observations.OrderBy(o => calls.Ports.ToList().IndexOf(o.GatewayPort)).ToList();
        Assert.Equal(calls.Ports, observations.Select(o => o.GatewayPort));
        Assert.Single(observations.Select(o => o.CallerPort).Distinct());
        Assert.NotEqual(listener.Port, observations[0].CallerPort);
        Assert.Equal([observations[0].CallerPort, observations[0].CallerPort], measurement.MappedPorts);
        var check = Assert.Single(calls.ReachabilityChecks);
        Assert.Equal((uint)listener.Port, check.Port);
        Assert.Equal(ReachabilityMonitor.NonceBytes, check.Nonce.Length);
        Assert.Contains("127.0.0.1", check.LocalAddresses);
        Assert.Equal(("127.0.0.1", listener.Port, true, NatKind.None), (measurement.ObservedAddress, measurement.ListenPort, measurement.Reachable, measurement.Nat));
        Assert.Equal(0, (await LoopbackDialBack.ProbeAsync(listener.Port))!.Length);
        Assert.Equal(measurement.MeasuredAt, Profile.Measurement!.MeasuredAt);
        Assert.False(monitor.Reused);
    }

    [Fact]
    public async Task The_next_process_reuses_a_fresh_measurement_after_one_observation_and_measures_again_once_it_is_stale()
    {
        var calls = new FakeGateway.Behaviour { ServesProbePort = true };
        await using var gateway = await FakeGateway.StartAsync(calls);
        using var session = await LoginAsync(gateway);
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        using (var first = new ReachabilityMonitor(session, Profile, listener, _clock))
        {
            await first.RefreshAsync(CancellationToken.None);
        }

        _clock.Advance(MeasurementReuse.MaxAge);
        using var next = new ReachabilityMonitor(session, Profile, listener, _clock);
        var reused = await next.RefreshAsync(CancellationToken.None);

        Assert.True(next.Reused);
        Assert.Single(calls.ReachabilityChecks);
        Assert.Equal(3, calls.Observations.Count);
        Assert.True(reused.Reachable);

        _clock.Advance(TimeSpan.FromSeconds(1));
        using var later = new ReachabilityMonitor(session, Profile, listener, _clock);
        var measured = await later.RefreshAsync(CancellationToken.None);

        Assert.False(later.Reused);
        Assert.Equal(2, calls.ReachabilityChecks.Count);
        Assert.Equal(_clock.GetUtcNow(), measured.MeasuredAt);
    }

    [Fact]
    public async Task A_listener_on_another_port_than_the_kept_measurement_s_is_measured_again()
    {
        var calls = new FakeGateway.Behaviour();
        await using var gateway = await FakeGateway.StartAsync(calls);
        using var session = await LoginAsync(gateway);
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        await using var other = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        using (var first = new ReachabilityMonitor(session, Profile, listener, _clock))
        {
            await first.RefreshAsync(CancellationToken.None);
        }

        using var onOther = new ReachabilityMonitor(session, Profile, other, _clock);
        var measured = await onOther.RefreshAsync(CancellationToken.None);

        Assert.False(onOther.Reused);
        Assert.Equal(other.Port, measured.ListenPort);
        Assert.Equal(2, calls.ReachabilityChecks.Count);
        Assert.Single(measured.MappedPorts);
    }

    [Fact]
    public async Task Without_a_listener_the_mapping_is_measured_and_the_coordinator_is_told_this_side_never_hosts()
    {
        var calls = new FakeGateway.Behaviour { ServesProbePort = true };
        await using var gateway = await FakeGateway.StartAsync(calls);
        using var session = await LoginAsync(gateway);
        using var monitor = new ReachabilityMonitor(session, Profile, null, _clock);

        var measurement = await monitor.RefreshAsync(CancellationToken.None);

        var check = Assert.Single(calls.ReachabilityChecks);
        Assert.Equal((0u, 0), (check.Port, check.Nonce.Length));
        Assert.Equal(2, calls.Observations.Count);
        Assert.Null(measurement.ListenPort);
        Assert.False(measurement.Reachable);
        Assert.Contains("--no-inbound", measurement.Detail, StringComparison.Ordinal);
        Assert.Contains("--no-inbound", ReachabilityText.Summary(measurement), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static Task<CoordinatorSession> LoginAsync(FakeGateway gateway) =>
        CoordinatorSession.LoginAsync(CoordinatorAddress.ParseList([gateway.Url]), "alice", new byte[32], CancellationToken.None);
}
