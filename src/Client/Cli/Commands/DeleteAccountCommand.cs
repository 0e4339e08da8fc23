using System.CommandLine;
using System.Globalization;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat delete-account [--yes] [--remove-profile]</c>: deletes the profile's account on the coordinator, once the
/// user typed its name again (or gave <c>--yes</c>) and the password; the profile on this device goes only with
/// <c>--remove-profile</c>.
/// </summary>
public static class DeleteAccountCommand
{
    public static Command Create(GlobalOptions options)
    {
        var yes = new Option<bool>("--yes")
        {
            Description = "Do not ask to type the username again (for scripts). The password is needed all the same.",
        };
        var removeProfile = new Option<bool>("--remove-profile")
        {
            Description = "Also delete this device's profile: the identity key, the pinned keys of contacts and the network settings. Kept by default.",
        };
        var command = new Command("delete-account", "Delete your account on the coordinator for good: your user, keys, presence, logins, blocks "
            + "and chat records. Open chats end as if you went offline, and every device is logged out. Nobody can register the name "
            + "again for a while (30 days unless the coordinator says otherwise). Asks you to type the username, then the password.")
        {
            yes,
            removeProfile,
        };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) => RunAsync(settings, parse.GetValue(yes), parse.GetValue(removeProfile), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, bool confirmed, bool removeProfile, CancellationToken cancellationToken)
    {
        var profile = ProfileResolver.Resolve(settings);
        if (!confirmed)
        {
            Confirm(profile.Username);
        }

        var password = PasswordSource.ForLogin(settings, profile.Username);
        using var unlocked = IdentityKeyStore.Unlock(profile, password);
        var loginSecret = unlocked.Secrets.LoginSecret;
        using (var coordinator = await CoordinatorSession.LoginAsync(settings.Servers, profile.Username, loginSecret, cancellationToken).ConfigureAwait(false))
        {
            var heldUntil = await coordinator.DeleteAccountAsync(profile.Username, loginSecret, cancellationToken).ConfigureAwait(false);
            StatusLine.Write($"Deleted the account {profile.Username}. Nobody can register the name {profile.Username} before "
                + $"{heldUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
        }

        if (removeProfile)
        {
            Directory.Delete(profile.Path, recursive: true);
            StatusLine.Write($"Removed the profile {profile.Path}.");
        }
        else
        {
            StatusLine.Write($"The profile {profile.Path} stays on this device (it cannot log in any more): delete the folder once you no longer need it.");
        }

        return ExitCodes.Success;
    }

    // The name typed again, from the terminal or a line of standard input.
    private static void Confirm(string username)
    {
        StatusLine.Write($"This deletes the account {username} on the coordinator for good. Type {username} to confirm (or pass --yes):");
        var typed = System.Console.In.ReadLine()
            ?? throw new UserFacingException("No confirmation was typed: the account was not deleted. Type the username, or pass --yes in scripts.");
        if (!string.Equals(typed.Trim(), username, StringComparison.OrdinalIgnoreCase))
        {
            throw new UserFacingException($"That is not {username}: the account was not deleted.");
        }
    }
}
