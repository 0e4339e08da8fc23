namespace LogChat.Grains.Presence;

/// <summary>
/// Derives the seed's NAT type from what was measured, never from what a client claims: a passed dial-back
/// (reachable), whether the observed address is one of the client's own (no NAT), and the public ports two gateway
/// endpoints observed for calls from one local port (equal: endpoint-independent mapping; different: symmetric).
/// </summary>
public static class NatClassifier
{
    /// <summary>How old a mapping observation may be to count for a measurement.</summary>
    public static readonly TimeSpan ObservationLifetime = TimeSpan.FromMinutes(2);

    /// <summary>The NAT type of a client observed at <paramref name="observedAddress"/>.</summary>
    public static NatType Classify(
        bool reachable,
        string observedAddress,
        IReadOnlyCollection<string> localAddresses,
        IReadOnlyCollection<MappingObservation> observations,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(localAddresses);
        ArgumentNullException.ThrowIfNull(observations);
        if (reachable)
        {
            return localAddresses.Contains(observedAddress) ? NatType.None : NatType.FullCone;
        }

        var ports = observations
            .Where(o => o.ObservedAddress == observedAddress && now - o.At <= ObservationLifetime)
            .GroupBy(o => o.GatewayEndpoint)
            .Select(endpoint => endpoint.MaxBy(o => o.At)!.ObservedPort)
            .ToList();
        if (ports.Count < 2)
        {
            return NatType.Unknown;
        }

        return ports.Distinct().Count() == 1 ? NatType.Restricted : NatType.Symmetric;
    }
}
