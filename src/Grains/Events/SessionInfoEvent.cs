using LogChat.Grains.Accounts;
using LogChat.Grains.Sessions;

namespace LogChat.Grains.Events;

/// <summary>A participant's role in an accepted session; the dialler's carries the host's endpoint.</summary>
[GenerateSerializer, Immutable]
public sealed record SessionInfoEvent(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] SessionRole Role,
    [property: Id(2)] Participant Peer,
    [property: Id(3)] bool Initiator,
    [property: Id(4)] HostEndpoint? Host,
    [property: Id(5)] ConnectionPath Path) : ClientEvent;
