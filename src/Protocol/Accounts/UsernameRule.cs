using System.Diagnostics.CodeAnalysis;

namespace LogChat.Protocol.Accounts;

/// <summary>
/// The one rule for usernames, applied by the coordinator and the client alike: 3-32 characters of a-z 0-9 _ . -,
/// with A-Z folded to lower case, so that a name is unique without regard to case. The rule never trims: what it
/// is given is the name. Only ASCII folds; a letter that case-maps to ASCII (the Kelvin sign to 'k') is refused
/// rather than folded, so one canonical name cannot be spelt in characters that look alike.
/// </summary>
public static class UsernameRule
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    /// <summary>
    /// True with the canonical (lower-case) form of <paramref name="username"/>, or false with the
    /// <paramref name="problem"/> to tell the user.
    /// </summary>
    public static bool TryCanonicalize(
        string? username,
        [NotNullWhen(true)] out string? canonical,
        [NotNullWhen(false)] out string? problem)
    {
        canonical = null;
        if (string.IsNullOrEmpty(username))
        {
            problem = "username is required";
            return false;
        }

        if (username.Length is < MinLength or > MaxLength)
        {
            problem = $"username must be {MinLength}-{MaxLength} characters long";
            return false;
        }

        foreach (var c in username)
        {
            if (!IsAllowed(c))
            {
                problem = "username may contain only a-z, 0-9, '_', '.' and '-'";
                return false;
            }
        }

        problem = null;
        canonical = username.ToLowerInvariant();
        return true;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
