using System.Text;
using LogChat.Protocol.Accounts;
using Spectre.Console;

namespace LogChat.Client.Cli;

/// <summary>
/// The user's password: from <c>--password-file</c> (the way for scripts), else <c>LOGCHAT_PASSWORD</c> (removed from this
/// process's environment as soon as it is read, so children never inherit it), else a hidden prompt.
/// </summary>
public static class PasswordSource
{
    /// <summary>The environment variable scripts may set instead of typing the password.</summary>
    public const string EnvironmentVariable = "LOGCHAT_PASSWORD";

    /// <summary>The password for an existing profile.</summary>
    public static string ForLogin(ClientSettings settings, string username)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Given(settings) ?? Prompt($"Password for [bold]{ConsoleText.Markup(username)}[/]:");
    }

    /// <summary>A new password, typed twice when prompted.</summary>
    public static string ForRegistration(ClientSettings settings, string username)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Chosen(Given(settings), $"Choose a password for [bold]{ConsoleText.Markup(username)}[/] (8 or more characters):");
    }

    /// <summary>The new password of a password change: the first line of <paramref name="newPasswordFile"/>, else typed twice.</summary>
    public static string ForPasswordChange(string? newPasswordFile, string username) =>
        Chosen(newPasswordFile is null ? null : ReadFile(newPasswordFile), $"Choose a new password for [bold]{ConsoleText.Markup(username)}[/] (8 or more characters):");

    private static string Chosen(string? given, string question)
    {
        var password = given;
        if (password is null)
        {
            password = Prompt(question);
            if (Prompt("Type it again:") != password)
            {
                throw new UserFacingException("The two passwords differ.");
            }
        }

        return Encoding.UTF8.GetByteCount(password) is >= PasswordSecrets.MinPasswordBytes and <= PasswordSecrets.MaxPasswordBytes
            ? password
            : throw new UserFacingException($"A password must be {PasswordSecrets.MinPasswordBytes} to {PasswordSecrets.MaxPasswordBytes} bytes long.");
    }

    private static string? Given(ClientSettings settings)
    {
        var fromEnvironment = TakeFromEnvironment();
        return settings.PasswordFile is { } path ? ReadFile(path) : fromEnvironment;
    }

    // The variable is cleared whether or not it is used, so that nothing this process starts inherits it. The kernel's copy
    // of the environment the process was started with (/proc/PID/environ on Linux) keeps it: hence --password-file.
    private static string? TakeFromEnvironment()
    {
        var password = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (password is not null)
        {
            Environment.SetEnvironmentVariable(EnvironmentVariable, null);
        }

        return password is { Length: > 0 } ? password : null;
    }

    // The first line of the file (a descriptor too, as /dev/fd/N), without its line break.
    private static string ReadFile(string path)
    {
        string? line;
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            line = reader.ReadLine();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"Cannot read the password from {path}: {ex.Message}", ex);
        }

        return line is { Length: > 0 } ? line : throw new UserFacingException($"The password file {path} is empty.");
    }

    private static string Prompt(string question)
    {
        if (System.Console.IsInputRedirected)
        {
            throw new UserFacingException($"No terminal to ask for the password: use --password-file (or set {EnvironmentVariable}).");
        }

        return AnsiConsole.Prompt(new TextPrompt<string>(question).Secret());
    }
}
