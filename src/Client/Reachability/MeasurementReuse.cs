namespace LogChat.Client.Reachability;

/// <summary>
/// When a measurement already taken still describes this machine, so that short-lived processes do not measure again:
/// it is at most <see cref="MaxAge"/> old, for the address the coordinator observes now, and for the listener port in use
/// (or, like it, for no listener at all).
/// </summary>
public static class MeasurementReuse
{
    /// <summary>How long a measurement counts as fresh.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(3);

    /// <summary>Whether <paramref name="measurement"/> is younger than <see cref="MaxAge"/> at <paramref name="now"/> (and not from the future).</summary>
    public static bool IsFresh(ReachabilityMeasurement? measurement, DateTimeOffset now) =>
        measurement is not null && measurement.MeasuredAt <= now && now - measurement.MeasuredAt <= MaxAge;

    /// <summary>Whether <paramref name="measurement"/> may stand for a client observed at <paramref name="observedAddress"/> and listening on <paramref name="listenPort"/>.</summary>
    public static bool CanReuse(ReachabilityMeasurement? measurement, string observedAddress, int? listenPort, DateTimeOffset now) =>
        IsFresh(measurement, now)
        && string.Equals(measurement!.ObservedAddress, observedAddress, StringComparison.Ordinal)
        && measurement.ListenPort == listenPort;
}
