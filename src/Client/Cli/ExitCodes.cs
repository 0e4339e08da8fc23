namespace LogChat.Client.Cli;

/// <summary>The program's exit statuses.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked; a chat ended normally.</summary>
    public const int Success = 0;

    /// <summary>The command failed (bad input, wrong password, coordinator refused, chat did not start).</summary>
    public const int Failure = 1;

    /// <summary>A chat started but ended abnormally (peer vanished, heartbeat timeout, protocol error).</summary>
    public const int ChatFailed = 3;

    /// <summary>Interrupted by the user (Ctrl-C) before anything ran to its end.</summary>
    public const int Interrupted = 130;
}
