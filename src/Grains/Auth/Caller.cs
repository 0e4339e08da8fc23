namespace LogChat.Grains.Auth;

/// <summary>The authenticated user behind a call, and when the token that authenticated it expires.</summary>
[GenerateSerializer, Immutable]
public sealed record Caller([property: Id(0)] Guid UserId, [property: Id(1)] string Username, [property: Id(2)] DateTimeOffset TokenExpiresAt);
