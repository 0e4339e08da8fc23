using Spectre.Console;

namespace LogChat.Client.Cli;

/// <summary>The user's password: <c>LOGCHAT_PASSWORD</c> for scripts, otherwise a hidden prompt.</summary>
public static class PasswordSource
{
    /// <summary>The environment variable scripts set instead of typing the password.</summary>
    public const string EnvironmentVariable = "LOGCHAT_PASSWORD";

    /// <summary>The password for an existing profile.</summary>
    public static string ForLogin(string username) =>
        FromEnvironment() ?? Prompt($"Password for [bold]{Markup.Escape(username)}[/]:");

    /// <summary>A new password, typed twice when prompted.</summary>
    public static string ForRegistration(string username)
    {
        var password = FromEnvironment();
        if (password is null)
        {
            password = Prompt($"Choose a password for [bold]{Markup.Escape(username)}[/] (8 or more characters):");
            if (Prompt("Type it again:") != password)
            {
                throw new UserFacingException("The two passwords differ.");
            }
        }

        return System.Text.Encoding.UTF8.GetByteCount(password) is >= 8 and <= 1024
            ? password
            : throw new UserFacingException("A password must be 8 to 1024 bytes long.");
    }

    private static string? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } password ? password : null;

    private static string Prompt(string question)
    {
        if (System.Console.IsInputRedirected)
        {
            throw new UserFacingException($"No terminal to ask for the password: set {EnvironmentVariable}.");
        }

        return AnsiConsole.Prompt(new TextPrompt<string>(question).Secret());
    }
}
