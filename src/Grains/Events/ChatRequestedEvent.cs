using LogChat.Grains.Accounts;

namespace LogChat.Grains.Events;

/// <summary>Someone asks for a chat; the request ends unanswered at <paramref name="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatRequestedEvent(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] Participant From,
    [property: Id(2)] DateTimeOffset ExpiresAt) : ClientEvent;
