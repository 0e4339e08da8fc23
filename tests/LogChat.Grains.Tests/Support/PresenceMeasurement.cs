using LogChat.Grains.Presence;

namespace LogChat.Grains.Tests.Support;

/// <summary>
/// Records, through the presence grain's own calls, what the gateways would measure of a client behind a NAT of the
/// given kind: the mapping observations of two gateway endpoints and the dial-back's outcome.
/// </summary>
public static class PresenceMeasurement
{
    public const string ObservedAddress = "203.0.113.50";

    /// <summary>Measures <paramref name="presence"/>'s user as reachable (None, FullCone) or not (the others).</summary>
    public static async Task<PresenceSnapshot> MeasureAsync(this IPresenceGrain presence, NatType kind)
    {
        ArgumentNullException.ThrowIfNull(presence);
        if (kind is NatType.Restricted or NatType.Symmetric)
        {
            var now = DateTimeOffset.UtcNow;
            await presence.RecordObservation(new MappingObservation("198.51.100.1:50051", ObservedAddress, 40000, now));
            await presence.RecordObservation(new MappingObservation("198.51.100.1:50052", ObservedAddress, kind == NatType.Restricted ? 40000 : 40001, now));
        }

        var reachable = IsReachable(kind);
        return await presence.RecordReachability(ObservedAddress, reachable, kind == NatType.None ? [ObservedAddress] : []);
    }

    /// <summary>Whether a dial-back reaches a client of this kind.</summary>
    public static bool IsReachable(NatType kind) => kind is NatType.None or NatType.FullCone;
}
