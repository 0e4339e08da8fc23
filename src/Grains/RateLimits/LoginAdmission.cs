namespace LogChat.Grains.RateLimits;

/// <summary>The answer to a login attempt: admitted (<paramref name="Wait"/> null) or not before <paramref name="Wait"/>; <paramref name="Failures"/> so far.</summary>
[GenerateSerializer, Immutable]
public sealed record LoginAdmission([property: Id(0)] TimeSpan? Wait, [property: Id(1)] int Failures);
