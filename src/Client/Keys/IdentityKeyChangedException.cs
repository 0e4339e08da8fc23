namespace LogChat.Client.Keys;

/// <summary>A known peer presented an identity key different from the pinned one.</summary>
public sealed class IdentityKeyChangedException : Exception
{
    public IdentityKeyChangedException()
        : base("A peer's identity key has changed.")
    {
    }

    public IdentityKeyChangedException(string username)
        : base($"{username}'s identity key (or the account behind the name) has changed since you pinned it. This can mean an attack, or that {username} reinstalled. "
            + $"Compare safety numbers with `logchat verify {username}` over another channel, then run `logchat trust {username}` to accept the new key.")
    {
        Username = username;
    }

    public IdentityKeyChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The peer whose key changed.</summary>
    public string? Username { get; }
}
