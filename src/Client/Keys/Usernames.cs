using LogChat.Protocol.Accounts;

namespace LogChat.Client.Keys;

/// <summary>Usernames as the user types them, checked by the coordinator's own <see cref="UsernameRule"/>.</summary>
public static class Usernames
{
    /// <summary>
    /// The canonical form of <paramref name="username"/>, ignoring spaces around it (typed or pasted input often
    /// carries them); throws <see cref="ArgumentException"/> when it breaks the rule.
    /// </summary>
    public static string Normalize(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        return UsernameRule.TryCanonicalize(username.Trim(), out var canonical, out var problem)
            ? canonical
            : throw new ArgumentException($"'{username}' is not a valid username: {problem}.", nameof(username));
    }
}
