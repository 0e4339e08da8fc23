using LogChat.Client.Chat;
using LogChat.Client.Peer;

namespace LogChat.Client.Cli;

/// <summary>Runs a chat in the view that fits stdin, and turns its end into an exit status.</summary>
public static class ChatViews
{
    public static async Task<int> RunAsync(ChatSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using (session.ConfigureAwait(false))
        {
            ConversationEnd end = System.Console.IsInputRedirected
                ? await PipeChatView.RunAsync(session, cancellationToken).ConfigureAwait(false)
                : await TerminalChatView.RunAsync(session, cancellationToken).ConfigureAwait(false);
            return end.IsNormal ? ExitCodes.Success : ExitCodes.ChatFailed;
        }
    }

    /// <summary>A task that completes (without faulting) when <paramref name="cancellationToken"/> is cancelled, e.g. by Ctrl-C.</summary>
    internal static Task WhenCancelled(CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => cancelled.TrySetResult());
        return cancelled.Task;
    }
}
