namespace LogChat.Grains.Presence;

/// <summary>
/// A user's presence right now: online or not and, once measured, how the user can be reached: the NAT type, whether a
/// dial-back reached the user's listener (<paramref name="CanAcceptInbound"/>), the address a gateway observed
/// (<paramref name="PublicAddress"/>) and when that was measured.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PresenceSnapshot(
    [property: Id(0)] bool Online,
    [property: Id(1)] NatType NatType,
    [property: Id(2)] bool CanAcceptInbound,
    [property: Id(3)] string? PublicAddress)
{
    /// <summary>When the reachability was last measured; null when it never was.</summary>
    [Id(4)]
    public DateTimeOffset? MeasuredAt { get; init; }

    /// <summary>The interface addresses the user's client reported with that measurement.</summary>
    [Id(5)]
    public IReadOnlyList<string> LocalAddresses { get; init; } = [];
}
