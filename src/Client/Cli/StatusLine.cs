namespace LogChat.Client.Cli;

/// <summary>Status and errors for the user, on stderr so stdout carries only chat lines.</summary>
public static class StatusLine
{
    public static void Write(string message) => System.Console.Error.WriteLine($"logchat: {message}");
}
