namespace LogChat.Grains.Auth;

/// <summary>The authenticated user behind a call.</summary>
[GenerateSerializer, Immutable]
public sealed record Caller([property: Id(0)] Guid UserId, [property: Id(1)] string Username);
