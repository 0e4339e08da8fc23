namespace LogChat.Grains.Presence;

/// <summary>What others may know of a user's reachability right now.</summary>
[GenerateSerializer, Immutable]
public sealed record PresenceSnapshot(
    [property: Id(0)] bool Online,
    [property: Id(1)] NatType NatType,
    [property: Id(2)] bool CanAcceptInbound,
    [property: Id(3)] string? PublicAddress);
