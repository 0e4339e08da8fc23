using System.CommandLine;

namespace LogChat.Client.Cli.Commands;

/// <summary><c>logchat logout --everywhere</c>: ends every login of the profile's user, on every device, and their event streams.</summary>
public static class LogoutCommand
{
    public static Command Create(GlobalOptions options)
    {
        var everywhere = new Option<bool>("--everywhere")
        {
            Description = "Revoke every login of this user on every device (required).",
        };
        var command = new Command("logout", "Log out everywhere: revoke every login of this user and end its clients' connections.") { everywhere };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) => RunAsync(settings, parse.GetValue(everywhere), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, bool everywhere, CancellationToken cancellationToken)
    {
        if (!everywhere)
        {
            throw new ArgumentException("logchat logout needs --everywhere: each command logs in for itself, so there is no one login here to end.");
        }

        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            await user.Coordinator!.LogoutEverywhereAsync(cancellationToken).ConfigureAwait(false);
            StatusLine.Write($"Logged {user.Profile.Username} out everywhere: every device must log in again.");
            return ExitCodes.Success;
        }
    }
}
