using System.CommandLine;
using System.Globalization;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat block NAME</c>, <c>logchat unblock NAME</c> and <c>logchat blocked</c>: the coordinator's list of users
/// whose chat requests find this user offline.
/// </summary>
public static class BlockCommands
{
    public static Command Block(GlobalOptions options)
    {
        var peer = new Argument<string>("username") { Description = "The user to block." };
        var command = new Command("block", "Block a user: their chat requests fail as if you were offline, they never reach you, and they see you "
            + "offline. Open chats between you end as if you went offline. They are not told. At most 1000 blocked users.") { peer };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) =>
        {
            // Checked before the password is asked for.
            var name = Usernames.Normalize(parse.GetRequiredValue(peer));
            return RunAsync(settings, async (coordinator, token) => StatusLine.Write(await coordinator.BlockUserAsync(name, token).ConfigureAwait(false)
                ? $"Blocked {name}: their chat requests now find you offline."
                : $"{name} was blocked already."), ct);
        }));
        return command;
    }

    public static Command Unblock(GlobalOptions options)
    {
        var peer = new Argument<string>("username") { Description = "The user whose block to lift." };
        var command = new Command("unblock", "Lift a block: the user's chat requests reach you again and they see whether you are online.") { peer };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) =>
        {
            // Checked before the password is asked for.
            var name = Usernames.Normalize(parse.GetRequiredValue(peer));
            return RunAsync(settings, async (coordinator, token) => StatusLine.Write(await coordinator.UnblockUserAsync(name, token).ConfigureAwait(false)
                ? $"Unblocked {name}."
                : $"{name} was not blocked."), ct);
        }));
        return command;
    }

    public static Command List(GlobalOptions options)
    {
        var command = new Command("blocked", "List the users you block, oldest block first, one per line with the time (UTC) it began.");
        command.SetAction(CommandRunner.Wrap(options, (_, settings, ct) => RunAsync(settings, async (coordinator, token) =>
        {
            var blocked = await coordinator.ListBlockedUsersAsync(token).ConfigureAwait(false);
            foreach (var contact in blocked)
            {
                ConsoleText.Line($"{contact.Username}  blocked {contact.BlockedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
            }

            StatusLine.Write(blocked.Count == 0 ? "You block nobody." : $"You block {blocked.Count} user{(blocked.Count == 1 ? string.Empty : "s")}.");
        }, ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, Func<CoordinatorSession, CancellationToken, Task> act, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            await act(user.Coordinator ?? throw new InvalidOperationException("Not logged in."), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }
}
