using System.Diagnostics;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using LogChat.Testing;
using Xunit;

namespace LogChat.Grains.Tests.Presence;

[Collection(GrainClusterCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PresenceTests(GrainClusterFixture cluster)
{
    /// <summary>The time between the grain taking a deadline and the test starting its stopwatch.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_registered_user_who_never_connected_is_offline_in_the_grain_and_the_row()
    {
        var alice = await cluster.RegisterAsync("alice");

        Assert.False((await cluster.Client.GetGrain<IPresenceGrain>(alice.UserId).GetPresence()).Online);
        Assert.Equal(new PresenceRow(false, "unknown", false, null, null), await cluster.Tables.PresenceAsync(alice.UserId));
    }

    [Fact]
    public async Task A_connected_user_is_online_and_its_row_names_the_gateway()
    {
        await using var alice = await cluster.OnlineUserAsync("alice", NatType.FullCone);

        Assert.True((await alice.Presence.GetPresence()).Online);
        Assert.Equal(new PresenceRow(true, "full_cone", true, PresenceMeasurement.ObservedAddress, ConnectedUser.GatewayId), await cluster.Tables.PresenceAsync(alice.UserId));
    }

    [Fact]
    public async Task A_user_whose_lease_is_renewed_stays_online_longer_than_a_lease()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var control = await cluster.OnlineUserAsync("control");

        await control.StopRenewingAsync();
        await Eventually.TrueAsync(async () => !(await control.Presence.GetPresence()).Online, "the unrenewed user to go offline");

        Assert.True((await alice.Presence.GetPresence()).Online);
        Assert.True((await cluster.Tables.PresenceAsync(alice.UserId))!.IsOnline);
    }

    [Fact]
    public async Task A_user_whose_gateway_crashed_goes_offline_when_the_lease_expires()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");

        await alice.StopRenewingAsync();
        var crashed = Stopwatch.StartNew();
        Assert.True((await alice.Presence.GetPresence()).Online);

        await Eventually.TrueAsync(async () => !(await alice.Presence.GetPresence()).Online, "the lease to expire");
        var lastRenewalAtMost = GrainClusterFixture.RenewInterval;
        Assert.True(crashed.Elapsed >= GrainClusterFixture.LeaseDuration - lastRenewalAtMost - ClockSlack, $"offline {crashed.Elapsed} after the crash");
        await AssertRowTurnsOfflineAsync(alice);
    }

    [Fact]
    public async Task A_user_with_a_second_stream_stays_online_when_the_gateway_of_the_first_crashes()
    {
        await using var first = await cluster.OnlineUserAsync("alice");
        await using var second = await cluster.ConnectAsync(first.User);
        await using var control = await cluster.OnlineUserAsync("control");

        await first.StopRenewingAsync();
        await control.StopRenewingAsync();
        await Eventually.TrueAsync(async () => !(await control.Presence.GetPresence()).Online, "the control user's lease to expire");

        Assert.True((await first.Presence.GetPresence()).Online);
        Assert.True((await cluster.Tables.PresenceAsync(first.UserId))!.IsOnline);
        var ended = new SessionEndedEvent(Guid.NewGuid(), SessionEndReason.Completed, "test");
        await first.Presence.Deliver(ended);
        await second.WaitForEndAsync(ended.SessionId);
        Assert.DoesNotContain(ended, first.Events);
    }

    [Fact]
    public async Task A_crashed_gateway_ends_the_sessions_of_its_users()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        var sessionId = await cluster.RequestAsync(alice, bob);
        await cluster.Session(sessionId).Accept(bob.UserId);
        await cluster.Session(sessionId).ReportHostReady(alice.UserId, "198.51.100.1", 4000, new byte[32]);

        await bob.StopRenewingAsync();

        Assert.Equal(SessionEndReason.ParticipantOffline, (await alice.WaitForEndAsync(sessionId)).Reason);
        Assert.Equal("participant_offline", (await cluster.Tables.SessionAsync(sessionId))!.EndReason);
    }

    [Fact]
    public async Task A_disconnected_user_stays_online_through_the_grace_period_and_then_goes_offline()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");

        await alice.DisconnectAsync();
        var disconnected = Stopwatch.StartNew();
        Assert.True((await alice.Presence.GetPresence()).Online);

        await Eventually.TrueAsync(async () => !(await alice.Presence.GetPresence()).Online, "the grace period to end");
        Assert.True(disconnected.Elapsed >= GrainClusterFixture.DisconnectGrace - ClockSlack, $"offline {disconnected.Elapsed} after the disconnect");
        await AssertRowTurnsOfflineAsync(alice);
    }

    [Fact]
    public async Task A_user_who_reconnects_within_the_grace_period_stays_online_and_keeps_its_sessions()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await using var bob = await cluster.OnlineUserAsync("bob");
        await using var control = await cluster.OnlineUserAsync("control");
        var sessionId = await cluster.RequestAsync(alice, bob);
        await cluster.Session(sessionId).Accept(bob.UserId);
        await cluster.Session(sessionId).ReportHostReady(alice.UserId, "198.51.100.1", 4000, new byte[32]);

        await control.DisconnectAsync();
        await bob.ReconnectAsync();
        await Eventually.TrueAsync(async () => !(await control.Presence.GetPresence()).Online, "the control user's grace period to end");

        Assert.True((await bob.Presence.GetPresence()).Online);
        Assert.True((await cluster.Tables.PresenceAsync(bob.UserId))!.IsOnline);
        Assert.Equal(SessionState.HostReady, (await cluster.Session(sessionId).GetRecord()).State);
    }

    [Theory]
    [InlineData(NatType.None, true, "none")]
    [InlineData(NatType.FullCone, true, "full_cone")]
    [InlineData(NatType.Restricted, false, "restricted")]
    [InlineData(NatType.Symmetric, false, "symmetric")]
    [InlineData(NatType.Unknown, false, "unknown")]
    public async Task A_measurement_persists_the_derived_nat_type_the_dial_backs_outcome_and_the_observed_address(
        NatType kind, bool reachable, string natColumn)
    {
        await using var alice = await cluster.OnlineUserAsync("alice", reachable ? NatType.Symmetric : NatType.FullCone);

        var measured = await alice.Presence.MeasureAsync(kind);

        Assert.Equal((true, kind, reachable, PresenceMeasurement.ObservedAddress), (measured.Online, measured.NatType, measured.CanAcceptInbound, measured.PublicAddress));
        var held = await alice.Presence.GetPresence();
        Assert.Equal((measured.NatType, measured.CanAcceptInbound, measured.MeasuredAt), (held.NatType, held.CanAcceptInbound, held.MeasuredAt));
        Assert.Equal(measured.LocalAddresses, held.LocalAddresses);
        Assert.Equal(
            new PresenceRow(true, natColumn, reachable, PresenceMeasurement.ObservedAddress, ConnectedUser.GatewayId),
            await cluster.Tables.PresenceAsync(alice.UserId));
    }

    [Fact]
    public async Task Observations_older_than_their_lifetime_or_of_another_address_do_not_count()
    {
        await using var alice = await cluster.OnlineUserAsync("alice", NatType.Symmetric);
        var now = DateTimeOffset.UtcNow;
        await alice.Presence.RecordObservation(new MappingObservation("198.51.100.1:50051", "203.0.113.60", 41000, now - NatClassifier.ObservationLifetime - TimeSpan.FromSeconds(1)));
        await alice.Presence.RecordObservation(new MappingObservation("198.51.100.1:50052", "203.0.113.61", 41000, now));

        var measured = await alice.Presence.RecordReachability("203.0.113.60", reachable: false, []);

        Assert.Equal(NatType.Unknown, measured.NatType);
    }

    [Fact]
    public async Task A_measurement_while_offline_is_persisted_and_kept_for_the_next_connection()
    {
        var alice = await cluster.RegisterAsync("alice");
        var presence = cluster.Client.GetGrain<IPresenceGrain>(alice.UserId);

        await presence.MeasureAsync(NatType.FullCone);

        Assert.Equal(new PresenceRow(false, "full_cone", true, PresenceMeasurement.ObservedAddress, null), await cluster.Tables.PresenceAsync(alice.UserId));
        Assert.False((await presence.GetPresence()).Online);
        await using var online = await cluster.ConnectAsync(alice, NatType.FullCone);
        Assert.True((await presence.GetPresence()).CanAcceptInbound);
    }

    [Fact]
    public async Task A_renewal_of_a_stream_the_grain_does_not_know_registers_it_again()
    {
        await using var alice = await cluster.OnlineUserAsync("alice");
        await alice.StopRenewingAsync();
        await Eventually.TrueAsync(async () => !(await alice.Presence.GetPresence()).Online, "the lease to expire");
        await AssertRowTurnsOfflineAsync(alice);

        alice.ResumeRenewing();

        await Eventually.TrueAsync(async () => (await alice.Presence.GetPresence()).Online, "a renewal to bring the user back online");
        await Eventually.TrueAsync(
            async () => (await cluster.Tables.PresenceAsync(alice.UserId))!.Gateway == ConnectedUser.GatewayId, "user_presence to name the gateway again");
        var ended = new SessionEndedEvent(Guid.NewGuid(), SessionEndReason.Completed, "test");
        await alice.Presence.Deliver(ended);
        Assert.Equal(ended, await alice.WaitForEndAsync(ended.SessionId));
    }

    [Fact]
    public async Task Events_reach_every_Connect_stream_of_a_user()
    {
        await using var first = await cluster.OnlineUserAsync("alice");
        await using var second = await cluster.ConnectAsync(first.User);
        var ended = new SessionEndedEvent(Guid.NewGuid(), SessionEndReason.Completed, "test");

        await first.Presence.Deliver(ended);

        Assert.Equal(ended, await first.WaitForEndAsync(ended.SessionId));
        Assert.Equal(ended, await second.WaitForEndAsync(ended.SessionId));
    }

    /// <summary>The grain turns offline before it writes the row: wait for the write, then check what it wrote.</summary>
    private async Task AssertRowTurnsOfflineAsync(ConnectedUser user)
    {
        await Eventually.TrueAsync(async () => !(await cluster.Tables.PresenceAsync(user.UserId))!.IsOnline, "user_presence to say offline");
        Assert.Null((await cluster.Tables.PresenceAsync(user.UserId))!.Gateway);
    }
}
