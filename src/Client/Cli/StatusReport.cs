using LogChat.Client.Reachability;

namespace LogChat.Client.Cli;

/// <summary>What <c>logchat status</c> prints: one labelled line per fact of a reachability measurement.</summary>
public static class StatusReport
{
    public static IReadOnlyList<string> Lines(ReachabilityMeasurement measurement, bool reused, int? listenPort, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return
        [
            $"Observed address: {measurement.ObservedAddress} (as the coordinator sees this machine)",
            $"NAT type:         {ReachabilityText.Name(measurement.Nat)} ({ReachabilityText.Meaning(measurement.Nat)})",
            $"Reachable:        {ReachabilityText.Reachability(measurement)}",
            $"Measured:         {ReachabilityText.Age(measurement, now)}{(reused ? ", by an earlier run" : string.Empty)}",
            $"Listen port:      {(listenPort is { } port ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none (--no-inbound)")}",
        ];
    }
}
