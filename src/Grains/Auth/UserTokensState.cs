namespace LogChat.Grains.Auth;

/// <summary>The storage keys of a user's tokens and when each expires.</summary>
[GenerateSerializer]
public sealed class UserTokensState
{
    [Id(0)]
    public Dictionary<string, DateTimeOffset> Tokens { get; set; } = new(StringComparer.Ordinal);
}
