namespace LogChat.Grains.Presence;

/// <summary>
/// What one gateway endpoint (<paramref name="GatewayEndpoint"/>, its local address and port) saw of a call:
/// the caller's public address and port, at <paramref name="At"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MappingObservation(
    [property: Id(0)] string GatewayEndpoint,
    [property: Id(1)] string ObservedAddress,
    [property: Id(2)] int ObservedPort,
    [property: Id(3)] DateTimeOffset At);
