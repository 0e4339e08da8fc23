using LogChat.Client.Coordinator;
using LogChat.Client.Reachability;

namespace LogChat.Client.Tests.Reachability;

/// <summary>When a kept measurement stands for this machine, and when it must be taken again.</summary>
public sealed class MeasurementReuseTests
{
    private static readonly DateTimeOffset MeasuredAt = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly ReachabilityMeasurement Kept = new("203.0.113.7", 40001, 61234, true, NatKind.FullCone, string.Empty, [40001, 40001], MeasuredAt);

    [Fact]
    public void A_measurement_is_reused_for_the_same_address_and_listen_port_while_it_is_young()
    {
        Assert.True(MeasurementReuse.CanReuse(Kept, "203.0.113.7", 61234, MeasuredAt));
        Assert.True(MeasurementReuse.CanReuse(Kept, "203.0.113.7", 61234, MeasuredAt + MeasurementReuse.MaxAge));
    }

    [Fact]
    public void A_measurement_is_taken_again_when_too_old_or_dated_in_the_future()
    {
        Assert.False(MeasurementReuse.CanReuse(Kept, "203.0.113.7", 61234, MeasuredAt + MeasurementReuse.MaxAge + TimeSpan.FromSeconds(1)));
        Assert.False(MeasurementReuse.CanReuse(Kept, "203.0.113.7", 61234, MeasuredAt - TimeSpan.FromSeconds(1)));
        Assert.True(MeasurementReuse.MaxAge <= TimeSpan.FromMinutes(5), "A measurement must be a few minutes old at most.");
    }

    [Fact]
    public void A_measurement_is_taken_again_when_the_observed_address_or_the_listener_changed()
    {
        Assert.False(MeasurementReuse.CanReuse(Kept, "198.51.100.20", 61234, MeasuredAt));
        Assert.False(MeasurementReuse.CanReuse(Kept, "203.0.113.7", 40999, MeasuredAt));
        Assert.False(MeasurementReuse.CanReuse(Kept, "203.0.113.7", null, MeasuredAt));
        Assert.False(MeasurementReuse.CanReuse(Kept with { ListenPort = null }, "203.0.113.7", 61234, MeasuredAt));
        Assert.True(MeasurementReuse.CanReuse(Kept with { ListenPort = null }, "203.0.113.7", null, MeasuredAt));
    }

    [Fact]
    public void Nothing_kept_is_nothing_to_reuse()
    {
        Assert.False(MeasurementReuse.CanReuse(null, "203.0.113.7", 61234, MeasuredAt));
        Assert.False(MeasurementReuse.IsFresh(null, MeasuredAt));
    }
}
