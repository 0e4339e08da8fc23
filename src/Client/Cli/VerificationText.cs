using LogChat.Client.Keys;

namespace LogChat.Client.Cli;

/// <summary>How a peer's key verification state reads to the user.</summary>
public static class VerificationText
{
    public static string Plain(PinState state) => state switch
    {
        PinState.Verified => "verified",
        PinState.Pinned => "not verified: key pinned on first use",
        PinState.Unknown => "new contact: key will be pinned",
        _ => "KEY CHANGED",
    };

    public static string Markup(PinState state) => state switch
    {
        PinState.Verified => "[green]verified[/]",
        PinState.Pinned => "[yellow]not verified[/] [dim](key pinned on first use)[/]",
        PinState.Unknown => "[yellow]new contact[/]",
        _ => "[red bold]KEY CHANGED[/]",
    };
}
