using LogChat.Grains.Accounts;

namespace LogChat.Grains.Sessions;

/// <summary>A session's metadata, as the <c>sessions</c> row holds it (no message content exists here).</summary>
[GenerateSerializer]
public sealed record SessionRecord(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] Participant Initiator,
    [property: Id(2)] Participant Responder,
    [property: Id(3)] Guid? HostId,
    [property: Id(4)] SessionState State,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset? AcceptedAt,
    [property: Id(7)] DateTimeOffset? HostReadyAt,
    [property: Id(8)] DateTimeOffset? EndedAt,
    [property: Id(9)] SessionEndReason? EndReason)
{
    /// <summary>The participant with <paramref name="userId"/>, or null for anyone else.</summary>
    public Participant? ParticipantOf(Guid userId) =>
        Initiator.UserId == userId ? Initiator : Responder.UserId == userId ? Responder : null;

    /// <summary>The other participant.</summary>
    public Participant PeerOf(Guid userId) => Initiator.UserId == userId ? Responder : Initiator;
}
