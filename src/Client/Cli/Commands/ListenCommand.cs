using System.CommandLine;
using LogChat.Client.Chat;
using LogChat.Client.Keys;
using LogChat.Client.Sessions;
using Spectre.Console;

namespace LogChat.Client.Cli.Commands;

/// <summary><c>logchat listen</c>: goes online, answers chat requests, and talks; exits when the chat ends.</summary>
public static class ListenCommand
{
    public static Command Create(GlobalOptions options)
    {
        var accept = new Option<string[]>("--accept")
        {
            Description = "Accept requests from this user without asking (repeatable).",
            HelpName = "username",
            AllowMultipleArgumentsPerToken = false,
        };
        var acceptAll = new Option<bool>("--accept-all") { Description = "Accept every request without asking." };
        var command = new Command("listen", "Go online and wait for a chat request; without --accept/--accept-all, ask for each one.")
        {
            accept,
            acceptAll,
        };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) =>
            RunAsync(settings, new AnswerPolicy(parse.GetValue(accept) ?? [], parse.GetValue(acceptAll)), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, AnswerPolicy policy, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            var client = await user.GoOnlineAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                StatusLine.Write("Waiting for chat requests (Ctrl-C to stop).");
                while (true)
                {
                    var request = await client.WaitForRequestAsync(cancellationToken).ConfigureAwait(false);
                    var from = DisplayText.Sanitize(request.FromUsername);
                    var pinState = client.PinStateOf(request);
                    if (!ShouldAccept(policy, request, pinState))
                    {
                        await client.DeclineAsync(request, cancellationToken).ConfigureAwait(false);
                        StatusLine.Write($"Declined the chat request from {from}.");
                        continue;
                    }

                    StatusLine.Write($"Accepted the chat request from {from}.");
                    ChatSession session;
                    try
                    {
                        session = await client.AcceptAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is ChatSetupException or IdentityKeyChangedException or Peer.PeerConnectionException)
                    {
                        StatusLine.Write(ex.Message);
                        continue;
                    }

                    return await ChatViews.RunAsync(session, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static bool ShouldAccept(AnswerPolicy policy, ChatRequest request, PinState pinState)
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

        return AnsiConsole.Confirm($"[bold]{ConsoleText.Markup(from)}[/] ({VerificationText.Markup(pinState)}) wants to chat. Accept?");
    }

    private sealed record AnswerPolicy(IReadOnlyCollection<string> Accepted, bool AcceptAll)
    {
        public bool Accepts(string username) => Accepted.Any(name => string.Equals(name.Trim(), username, StringComparison.OrdinalIgnoreCase));
    }
}
