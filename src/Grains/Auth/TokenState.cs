namespace LogChat.Grains.Auth;

/// <summary>A live bearer token, stored under the SHA-256 of the token (the token itself is never stored).</summary>
[GenerateSerializer]
public sealed record class TokenState
{
    /// <summary>The user the token authenticates.</summary>
    [Id(0)]
    public Guid UserId { get; set; }

    /// <summary>The user's canonical username.</summary>
    [Id(1)]
    public string Username { get; set; } = string.Empty;

    /// <summary>When the token stops being accepted.</summary>
    [Id(2)]
    public DateTimeOffset ExpiresAt { get; set; }
}
