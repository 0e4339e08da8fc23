namespace LogChat.Grains.Blocking;

/// <summary>One blocked user, as the blocker's list shows it: id, current username and when the block began.</summary>
[GenerateSerializer, Immutable]
public sealed record BlockRecord(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Username,
    [property: Id(2)] DateTimeOffset BlockedAt);
