using LogChat.Client.Keys;

namespace LogChat.Client.Cli;

/// <summary>
/// How a peer's key verification state reads to the user: a first contact ("new contact"), a key pinned at an earlier
/// chat but never compared, and a key the user verified are three different things and never read alike.
/// </summary>
public static class VerificationText
{
    public static string Plain(PinState state) => state switch
    {
        PinState.Verified => "verified",
        PinState.Pinned => "not verified: key pinned earlier",
        PinState.Unknown => "new contact: first key seen, not verified",
        _ => "KEY CHANGED",
    };

    public static string Markup(PinState state) => state switch
    {
        PinState.Verified => "[green]verified[/]",
        PinState.Pinned => "[yellow]not verified[/] [dim](key pinned earlier)[/]",
        PinState.Unknown => "[yellow bold]new contact[/] [dim](first key seen, not verified)[/]",
        _ => "[red bold]KEY CHANGED[/]",
    };
}
