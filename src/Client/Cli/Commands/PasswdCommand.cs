using System.CommandLine;
using LogChat.Client.Keys;
using LogChat.Protocol.Accounts;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat passwd</c>: changes the password. The new password yields a new login secret and a new key-encryption key on
/// this device; the identity key is sealed again under the new one into a pending file, the coordinator swaps the login
/// secret's hash (and ends every login of the user), and only then the pending file replaces the current one. A crash in
/// between is settled at the next login: the password the coordinator accepts is the one that opens the profile.
/// </summary>
public static class PasswdCommand
{
    public static Command Create(GlobalOptions options)
    {
        var newPasswordFile = new Option<string>("--new-password-file")
        {
            Description = "Read the new password from the first line of this file (for scripts); without it, it is asked for twice. "
                + "The current password comes from --password-file, LOGCHAT_PASSWORD or a prompt, as for any command.",
            HelpName = "path",
        };
        var command = new Command(
            "passwd",
            "Change the password: the identity key on this device is sealed again under the new one and the coordinator gets the new "
            + "login secret (never the password). Every login of this user, on every device, ends.")
        {
            newPasswordFile,
        };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) => RunAsync(settings, parse.GetValue(newPasswordFile), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, string? newPasswordFile, CancellationToken cancellationToken)
    {
        var profile = ProfileResolver.Resolve(settings);
        var password = PasswordSource.ForLogin(settings, profile.Username);
        var newPassword = PasswordSource.ForPasswordChange(newPasswordFile, profile.Username);
        if (newPassword == password)
        {
            throw new UserFacingException("The new password is the same as the current one: nothing changed.");
        }

        var (unlocked, coordinator) = await ProfileLogin.LoginAsync(settings, profile, password, cancellationToken).ConfigureAwait(false);
        using (unlocked)
        using (coordinator)
        {
            using var newSecrets = PasswordSecrets.Derive(newPassword, unlocked.LoginSalt, unlocked.Cost);
            IdentityKeyStore.SavePending(profile, unlocked.Identity, newSecrets, unlocked.LoginSalt, unlocked.Cost);
            await PendingChange.ConfirmAsync(
                profile,
                () => coordinator.ChangePasswordAsync(unlocked.Secrets.LoginSecret, newSecrets.LoginSecret, cancellationToken),
                "password change").ConfigureAwait(false);
            StatusLine.Write($"Changed the password of {profile.Username}. Every login of {profile.Username} has ended: other devices log in again with the new password.");
            return ExitCodes.Success;
        }
    }
}
