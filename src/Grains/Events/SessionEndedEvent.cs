using LogChat.Grains.Sessions;

namespace LogChat.Grains.Events;

/// <summary>A session of the client ended.</summary>
[GenerateSerializer, Immutable]
public sealed record SessionEndedEvent(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] SessionEndReason Reason,
    [property: Id(2)] string Detail) : ClientEvent;
