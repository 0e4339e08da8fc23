using LogChat.Grains.Sessions;

namespace LogChat.Grains.Events;

/// <summary>
/// The session goes through a relay: connect to <paramref name="RelayAddress"/>:<paramref name="RelayPort"/>, present
/// <paramref name="Ticket"/> (valid until <paramref name="ExpiresAt"/>), and once the relay paired both sides serve TLS
/// (<paramref name="Side"/> host) or dial through it (dial, pinning <paramref name="HostCertificateSha256"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RelayGoEvent(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string RelayAddress,
    [property: Id(2)] int RelayPort,
    [property: Id(3)] SessionRole Side,
    [property: Id(4)] byte[] Ticket,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] byte[]? HostCertificateSha256) : ClientEvent;
