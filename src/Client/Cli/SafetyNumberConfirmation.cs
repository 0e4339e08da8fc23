using Spectre.Console;

namespace LogChat.Client.Cli;

/// <summary>
/// How <c>trust</c> makes sure the user confirms the very key it is about to store: the number given with
/// <c>--safety-number</c> must match exactly, or, at a terminal, the user confirms the number shown before anything is
/// stored. Without either, nothing is trusted.
/// </summary>
public static class SafetyNumberConfirmation
{
    /// <summary>Whether <paramref name="typed"/> is <paramref name="safetyNumber"/> (spaces between groups do not matter).</summary>
    public static bool Matches(string typed, string safetyNumber)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(safetyNumber);
        var digits = new string([.. typed.Where(c => !char.IsWhiteSpace(c))]);
        return digits.Length > 0 && digits == safetyNumber.Replace(" ", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>
    /// Throws <see cref="UserFacingException"/> unless the user confirmed <paramref name="safetyNumber"/> for
    /// <paramref name="username"/>: by <paramref name="given"/> (<c>--safety-number</c>), or at the prompt.
    /// </summary>
    public static void Require(string username, string safetyNumber, string? given)
    {
        if (given is not null)
        {
            if (!Matches(given, safetyNumber))
            {
                throw new UserFacingException(
                    $"The safety number given does not match {username}'s current key: nothing was trusted. "
                    + "Either it was mistyped, or the key the coordinator serves now is not the one you compared.");
            }

            return;
        }

        if (System.Console.IsInputRedirected)
        {
            throw new UserFacingException($"No terminal to confirm the safety number: pass the number you compared with --safety-number. Nothing was trusted.");
        }

        ConsoleText.Line($"Safety number with {username}: {safetyNumber}");
        if (!AnsiConsole.Confirm($"Does [bold]{ConsoleText.Markup(username)}[/] see exactly this number?", defaultValue: false))
        {
            throw new UserFacingException("Not confirmed: nothing was trusted.");
        }
    }
}
