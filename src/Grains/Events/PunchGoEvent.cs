namespace LogChat.Grains.Events;

/// <summary>
/// Both sides of a punched session are ready: connect to the peer's punch endpoint from your punch port, starting
/// <paramref name="StartIn"/> after this was sent (less half your own round trip to the gateway). The dialler's carries
/// the host's certificate fingerprint to pin.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PunchGoEvent(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string PeerAddress,
    [property: Id(2)] int PeerPort,
    [property: Id(3)] byte[]? HostCertificateSha256,
    [property: Id(4)] TimeSpan StartIn) : ClientEvent;
