namespace LogChat.Client.Cli;

/// <summary>The program's exit statuses.</summary>
public static class ExitCodes
{
    /// <summary>
    /// The command did what was asked: a chat ended normally; a <c>listen</c> that stays online was left with
    /// <c>/quit</c>, Ctrl-C or the end of its input.
    /// </summary>
    public const int Success = 0;

    /// <summary>The command failed (bad input, wrong password, coordinator refused, chat did not start).</summary>
    public const int Failure = 1;

    /// <summary>A chat started but ended abnormally (peer vanished, heartbeat timeout, protocol error).</summary>
    public const int ChatFailed = 3;

    /// <summary>The coordinator no longer serves this release of logchat: upgrade, then try again.</summary>
    public const int UpgradeRequired = 4;

    /// <summary>Interrupted by the user (Ctrl-C) before anything ran to its end.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit statuses as <c>--help</c> lists them.</summary>
    public const string HelpText =
        "Exit status: 0 done (a chat ended normally; `listen` left with /quit, Ctrl-C or end of input); "
        + "1 failed (bad input, wrong password, refused, the chat did not start); "
        + "3 a chat ended abnormally (`chat` and `listen --once`: peer gone, heartbeat missed, protocol error); "
        + "4 this coordinator needs a newer logchat (upgrade); "
        + "130 interrupted by Ctrl-C (`chat`, `listen --once`, or before going online).";
}
