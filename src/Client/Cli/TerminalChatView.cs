using LogChat.Client.Chat;
using LogChat.Client.Peer;
using Spectre.Console;

namespace LogChat.Client.Cli;

/// <summary>
/// The interactive chat: a header with the peer's name, verification state and path, incoming and outgoing
/// lines each with its local time (HH:mm), <c>/verify</c> and <c>/quit</c>, and a notice when the chat ends and why.
/// </summary>
public static class TerminalChatView
{
    private const string EraseTypedLine = "\u001b[1A\u001b[2K";

    public static async Task<ConversationEnd> RunAsync(ChatSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var peer = ConsoleText.Markup(session.PeerUsername);
        var path = PathText.Plain(session.Path) is { Length: > 0 } shown ? $" · [dim]{shown}[/]" : string.Empty;
        AnsiConsole.Write(new Rule($"[bold]{peer}[/] · {VerificationText.Markup(session.PinState)}{path}").LeftJustified());
        AnsiConsole.MarkupLine("[dim]Type a message and press Enter. /verify shows the safety number, /quit leaves.[/]");

        var printing = PrintIncomingAsync(session, peer);
        using var stopTyping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = ReadInputAsync(session, stopTyping.Token);
        var finished = await Task.WhenAny(typing, session.CompletionAsync(), ChatViews.WhenCancelled(cancellationToken)).ConfigureAwait(false);
        var end = finished != session.CompletionAsync() && !session.CompletionAsync().IsCompleted
            ? await session.LeaveAsync(CancellationToken.None).ConfigureAwait(false)
            : await session.CompletionAsync().ConfigureAwait(false);
        await stopTyping.CancelAsync().ConfigureAwait(false);
        await typing.ConfigureAwait(false);
        await printing.ConfigureAwait(false);

        var colour = end.IsNormal ? "green" : "red";
        AnsiConsole.Write(new Rule($"[{colour}]chat ended[/]: {ConsoleText.Markup(end.Detail)}").LeftJustified());
        return end;
    }

    private static async Task PrintIncomingAsync(ChatSession session, string peer)
    {
        await foreach (var text in session.Incoming.ReadAllAsync().ConfigureAwait(false))
        {
            AnsiConsole.MarkupLine($"{LocalTime()}[cyan bold]{peer}[/]: {ConsoleText.Markup(text)}");
        }
    }

    private static async Task ReadInputAsync(ChatSession session, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !session.CompletionAsync().IsCompleted)
        {
            string? line;
            try
            {
                line = await InputLines.Console.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null || line.Trim() == "/quit")
            {
                return;
            }

            if (line.Trim() == "/verify")
            {
                AnsiConsole.MarkupLine($"[dim]Safety number with {ConsoleText.Markup(session.PeerUsername)}:[/] [bold]{session.SafetyNumberText}[/]");
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                await session.SendAsync(line, cancellationToken).ConfigureAwait(false);
                System.Console.Write(EraseTypedLine);
                AnsiConsole.MarkupLine($"{LocalTime()}[green bold]you[/]: {ConsoleText.Markup(line)}");
            }
            catch (ArgumentException ex)
            {
                AnsiConsole.MarkupLine($"[red]{ConsoleText.Markup(ex.Message)}[/]");
            }
            catch (Exception ex) when (ex is ConversationEndedException or OperationCanceledException)
            {
                return;
            }
        }
    }

    // The time a line was shown, in the user's time zone: enough to place a message, nothing the peer sent.
    private static string LocalTime() => $"[dim]{DateTime.Now:HH:mm}[/] ";
}
