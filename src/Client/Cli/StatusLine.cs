namespace LogChat.Client.Cli;

/// <summary>
/// Status and errors for the user, on stderr so stdout carries only chat lines. Every status passes
/// <see cref="DisplayText.Sanitize"/>: statuses carry what a coordinator or peer said (details, names, refusals), and
/// none of that may move the cursor, recolour or retitle the terminal.
/// </summary>
public static class StatusLine
{
    public static void Write(string message) => System.Console.Error.WriteLine($"logchat: {DisplayText.Sanitize(message)}");
}
