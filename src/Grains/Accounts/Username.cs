namespace LogChat.Grains.Accounts;

/// <summary>The rules of a username: 3-32 characters of a-z 0-9 _ . -, unique without regard to case.</summary>
public static class Username
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    /// <summary>The canonical (lower-case) form, or null with a reason when the name breaks the rules.</summary>
    public static string? Normalize(string? username, out string problem)
    {
        if (string.IsNullOrEmpty(username))
        {
            problem = "username is required";
            return null;
        }

        if (username.Length is < MinLength or > MaxLength)
        {
            problem = $"username must be {MinLength}-{MaxLength} characters long";
            return null;
        }

        var canonical = username.ToLowerInvariant();
        foreach (var c in canonical)
        {
            if (!IsAllowed(c))
            {
                problem = "username may contain only a-z, 0-9, '_', '.' and '-'";
                return null;
            }
        }

        problem = string.Empty;
        return canonical;
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-';
}
