using LogChat.Grains.Errors;
using LogChat.Grains.Events;

namespace LogChat.Grains.Sessions;

/// <summary>
/// What applying a <see cref="SessionCommand"/> decided: the session afterwards, whether it changed (and must be
/// stored before anything is sent), the events to send, the next deadline, and the refusal to answer the caller with.
/// A refused command may still change the session (a request with no connection path is recorded as ended).
/// </summary>
public sealed record SessionStep(
    SessionRecord? Session,
    bool Changed,
    IReadOnlyList<SessionDelivery> Deliveries,
    DateTimeOffset? Deadline,
    SessionRefusal? Refusal);

/// <summary>An event for one participant's event streams.</summary>
public readonly record struct SessionDelivery(Guid UserId, ClientEvent Event);

/// <summary>Why a command was refused, as the caller is told.</summary>
public sealed record SessionRefusal(CoordinatorError Error, string Message)
{
    public CoordinatorException ToException() => new(Error, Message);
}
