using LogChat.Client.Chat;
using LogChat.Client.Peer;

namespace LogChat.Client.Cli;

/// <summary>
/// The chat for scripts (stdin not a terminal): each input line is one message, each received message is
/// one stdout line <c>&lt;username&gt;: &lt;text&gt;</c>, status goes to stderr, end of input leaves the chat.
/// </summary>
public static class PipeChatView
{
    public static async Task<ConversationEnd> RunAsync(ChatSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var path = PathText.Plain(session.Path) is { Length: > 0 } shown ? $", {shown}" : string.Empty;
        StatusLine.Write($"Chatting with {session.PeerUsername} ({VerificationText.Plain(session.PinState)}{path}).");
        var printing = PrintIncomingAsync(session);
        using var stopTyping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = SendInputAsync(session, stopTyping.Token);
        var finished = await Task.WhenAny(typing, session.CompletionAsync(), ChatViews.WhenCancelled(cancellationToken)).ConfigureAwait(false);
        ConversationEnd end;
        if (finished != session.CompletionAsync() && !session.CompletionAsync().IsCompleted)
        {
            end = await session.LeaveAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            end = await session.CompletionAsync().ConfigureAwait(false);
        }

        await stopTyping.CancelAsync().ConfigureAwait(false);
        await typing.ConfigureAwait(false);
        await printing.ConfigureAwait(false);
        StatusLine.Write($"Chat ended: {end.Detail}");
        return end;
    }

    private static async Task PrintIncomingAsync(ChatSession session)
    {
        var stdout = System.Console.Out;
        await foreach (var text in session.Incoming.ReadAllAsync().ConfigureAwait(false))
        {
            await stdout.WriteLineAsync(DisplayText.Sanitize($"{session.PeerUsername}: {text}")).ConfigureAwait(false);
            await stdout.FlushAsync().ConfigureAwait(false);
            PhaseTrace.Mark("printed");
        }
    }

    private static async Task SendInputAsync(ChatSession session, CancellationToken cancellationToken)
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

            if (line is null)
            {
                return;
            }

            try
            {
                await session.SendAsync(line, cancellationToken).ConfigureAwait(false);
                PhaseTrace.Mark("sent");
            }
            catch (ArgumentException ex)
            {
                StatusLine.Write(ex.Message);
            }
            catch (Exception ex) when (ex is ConversationEndedException or OperationCanceledException)
            {
                return;
            }
        }
    }
}
