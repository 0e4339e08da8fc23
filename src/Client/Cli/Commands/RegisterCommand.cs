using System.CommandLine;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat register &lt;username&gt;</c>: creates an identity key, registers it with a login secret derived from the
/// password (never the password), and stores it encrypted with the login salt it was derived with.
/// </summary>
public static class RegisterCommand
{
    public static Command Create(GlobalOptions options)
    {
        var username = new Argument<string>("username") { Description = "The name to register: 3-32 characters of a-z, 0-9, '_', '.' and '-'." };
        var command = new Command("register", "Create an account on the coordinator and a profile on this device.") { username };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) => RunAsync(settings, parse.GetRequiredValue(username), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, string username, CancellationToken cancellationToken)
    {
        var profile = ProfileFolder.For(settings.Home, username);
        if (profile.Exists)
        {
            throw new UserFacingException($"A profile for {profile.Username} already exists in {settings.Home}.");
        }

        var password = PasswordSource.ForRegistration(settings, profile.Username);
        var salt = await CoordinatorSession.GetLoginSaltAsync(settings.Servers, profile.Username, cancellationToken).ConfigureAwait(false);
        using var secrets = PasswordSecrets.Derive(password, salt, PasswordCost.Floor);
        using var identity = IdentityKeyPair.Generate();
        IdentityKeyStore.Save(profile, identity, secrets, salt, PasswordCost.Floor);
        try
        {
            var userId = await CoordinatorSession.RegisterAsync(settings.Servers, profile.Username, secrets.LoginSecret, identity.PublicKey, cancellationToken)
                .ConfigureAwait(false);
            StatusLine.Write($"Registered {profile.Username} (user id {userId}).");
            ConsoleText.Line($"Identity fingerprint: {KeyFingerprint.Format(identity.PublicKey)}");
            return ExitCodes.Success;
        }
        catch
        {
            File.Delete(profile.IdentityKeyPath);
            throw;
        }
    }
}
