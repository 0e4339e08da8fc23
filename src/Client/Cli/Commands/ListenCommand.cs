using System.CommandLine;
using LogChat.Client.Chat;
using LogChat.Client.Keys;
using LogChat.Client.Sessions;
using Spectre.Console;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat listen</c>: goes online and answers chat requests, one chat after another, until the user leaves
/// (<c>/quit</c>, Ctrl-C or the end of input); with <c>--once</c>, exits when the first chat ends.
/// </summary>
public static class ListenCommand
{
    private const string Waiting = "Waiting for chat requests (/quit or Ctrl-C to leave).";

    public static Command Create(GlobalOptions options)
    {
        var accept = new Option<string[]>("--accept")
        {
            Description = "Accept requests from this user without asking (repeatable).",
            HelpName = "username",
            AllowMultipleArgumentsPerToken = false,
        };
        var acceptAll = new Option<bool>("--accept-all") { Description = "Accept every request without asking." };
        var once = new Option<bool>("--once") { Description = "Exit when the first chat ends, with the chat's exit status (for scripts)." };
        var command = new Command(
            "listen",
            "Go online and answer chat requests, one chat after another, until /quit, Ctrl-C or the end of input; "
            + "without --accept/--accept-all, ask for each one. A request that arrives during a chat is declined as busy. "
            + "Exit status: 0 when left, or with --once that chat's (see logchat --help).")
        {
            accept,
            acceptAll,
            once,
        };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) =>
            RunAsync(settings, new AnswerPolicy(parse.GetValue(accept) ?? [], parse.GetValue(acceptAll)), parse.GetValue(once), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, AnswerPolicy policy, bool once, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            var client = await user.GoOnlineAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                StatusLine.Write(Waiting);
                return once
                    ? await ServeOneChatAsync(client, policy, cancellationToken).ConfigureAwait(false)
                    : await ServeUntilLeftAsync(client, policy, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ServeOneChatAsync(ChatClient client, AnswerPolicy policy, CancellationToken cancellationToken)
    {
        while (true)
        {
            var request = await client.WaitForRequestAsync(cancellationToken).ConfigureAwait(false);
            if (await AnswerAsync(client, policy, request, cancellationToken).ConfigureAwait(false) is { } session)
            {
                return await ChatViews.RunAsync(session, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ServeUntilLeftAsync(ChatClient client, AnswerPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            while (await NextRequestAsync(client, cancellationToken).ConfigureAwait(false) is { } request)
            {
                if (await AnswerAsync(client, policy, request, cancellationToken).ConfigureAwait(false) is not { } session)
                {
                    continue;
                }

                await ChatViews.RunAsync(session, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                StatusLine.Write(Waiting);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how a user leaves: a normal end.
        }

        StatusLine.Write("Left: offline now.");
        return ExitCodes.Success;
    }

    // The next request, or null when the user leaves (/quit or the end of input) before one arrives.
    private static async Task<ChatRequest?> NextRequestAsync(ChatClient client, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = client.WaitForRequestAsync(idle.Token);
        var leave = WaitForLeaveAsync(idle.Token);
        var first = await Task.WhenAny(request, leave).ConfigureAwait(false);
        await idle.CancelAsync().ConfigureAwait(false);
        if (first == request)
        {
            return await request.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // A request that arrived as the user left will not be answered: say so now rather than let it time out.
            await client.DeclineAsync(await request.ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // None arrived.
        }

        return null;
    }

    private static async Task WaitForLeaveAsync(CancellationToken cancellationToken)
    {
        while (await InputLines.Console.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Trim() == "/quit")
            {
                return;
            }

            if (line.Length > 0)
            {
                StatusLine.Write("Not in a chat: the line was not sent. /quit leaves.");
            }
        }
    }

    // The session of an accepted request, or null when it was declined or could not be connected.
    private static async Task<ChatSession?> AnswerAsync(ChatClient client, AnswerPolicy policy, ChatRequest request, CancellationToken cancellationToken)
    {
        var from = DisplayText.Sanitize(request.FromUsername);
        var pinState = client.PinStateOf(request);
        if (!await ShouldAcceptAsync(policy, request, pinState, cancellationToken).ConfigureAwait(false))
        {
            await client.DeclineAsync(request, cancellationToken).ConfigureAwait(false);
            StatusLine.Write($"Declined the chat request from {from}.");
            return null;
        }

        StatusLine.Write($"Accepted the chat request from {from}.");
        try
        {
            return await client.AcceptAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatSetupException or IdentityKeyChangedException or Peer.PeerConnectionException)
        {
            StatusLine.Write(ex.Message);
            return null;
        }
    }

    private static async Task<bool> ShouldAcceptAsync(AnswerPolicy policy, ChatRequest request, PinState pinState, CancellationToken cancellationToken)
    {
        var from = DisplayText.Sanitize(request.FromUsername);
        if (pinState == PinState.Changed)
        {
            StatusLine.Write(new IdentityKeyChangedException(from).Message);
            return false;
        }

        if (policy.AcceptAll || policy.Accepts(request.FromUsername))
        {
            return true;
        }

        if (System.Console.IsInputRedirected)
        {
            StatusLine.Write($"{from} asks for a chat, but there is no terminal to ask you: use --accept {from} or --accept-all.");
            return false;
        }

        AnsiConsole.Markup($"[bold]{ConsoleText.Markup(from)}[/] ({VerificationText.Markup(pinState)}) wants to chat. Accept? [[y/n]] ");
        var answer = await InputLines.Console.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return answer?.Trim().ToUpperInvariant() is "Y" or "YES";
    }

    private sealed record AnswerPolicy(IReadOnlyCollection<string> Accepted, bool AcceptAll)
    {
        public bool Accepts(string username) => Accepted.Any(name => string.Equals(name.Trim(), username, StringComparison.OrdinalIgnoreCase));
    }
}
