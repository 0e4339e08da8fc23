using System.Text.RegularExpressions;

namespace LogChat.Client.Keys;

/// <summary>The coordinator's username rules: 3-32 characters of a-z 0-9 _ . -, case folded.</summary>
public static partial class Usernames
{
    /// <summary>The canonical form of <paramref name="username"/>; throws <see cref="ArgumentException"/> when it breaks the rules.</summary>
    public static string Normalize(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        var canonical = username.Trim().ToLowerInvariant();
        if (!ValidName().IsMatch(canonical))
        {
            throw new ArgumentException(
                $"'{username}' is not a valid username: use 3-32 characters of a-z, 0-9, '_', '.' and '-'.",
                nameof(username));
        }

        return canonical;
    }

    [GeneratedRegex("^[a-z0-9_.-]{3,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
