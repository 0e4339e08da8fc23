using System.CommandLine;

namespace LogChat.Client.Cli.Commands;

/// <summary><c>logchat chat &lt;username&gt;</c>: asks a user for a chat, waits for the answer, and talks.</summary>
public static class ChatCommand
{
    public static Command Create(GlobalOptions options)
    {
        var peer = new Argument<string>("username") { Description = "Whom to chat with (they must be online, e.g. running `logchat listen`)." };
        var command = new Command("chat", "Ask a user for a chat and talk, end-to-end encrypted and peer to peer.") { peer };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) => RunAsync(settings, parse.GetRequiredValue(peer), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, string peer, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            var client = await user.GoOnlineAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                StatusLine.Write($"Asking {peer} for a chat...");
                var session = await client.StartChatAsync(peer, cancellationToken).ConfigureAwait(false);
                return await ChatViews.RunAsync(session, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
