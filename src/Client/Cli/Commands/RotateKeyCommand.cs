using System.CommandLine;
using Grpc.Core;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat rotate-key [--lost-key]</c>: replaces the identity key. Normally the old key signs the new one
/// (docs/protocol.md section 23), and contacts' clients follow the change from the key they pinned without a warning.
/// With <c>--lost-key</c> (a lost or reinstalled device) the account is logged into with the password alone and the new
/// key is published unsigned: every contact's client then sees a changed key to verify again, as it would see an attack.
/// </summary>
public static class RotateKeyCommand
{
    public static Command Create(GlobalOptions options)
    {
        var lostKey = new Option<bool>("--lost-key")
        {
            Description = "The old identity key is lost (or no longer trusted): log in with the password alone, without the profile's "
                + "key file, and publish a new key unsigned. Contacts must then compare safety numbers with you again and run "
                + "`logchat trust`. Name the account with --user when this device has no profile of it.",
        };
        var command = new Command(
            "rotate-key",
            "Replace your identity key. The old key signs the new one, so contacts' clients accept it without a warning "
            + "(with --lost-key they cannot, and must verify you again). Every login of this user, on every device, ends.")
        {
            lostKey,
        };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) =>
            parse.GetValue(lostKey) ? RecoverAsync(settings, ct) : RotateAsync(settings, ct)));
        return command;
    }

    private static async Task<int> RotateAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        var profile = ProfileResolver.Resolve(settings);
        var password = PasswordSource.ForLogin(settings, profile.Username);
        var (unlocked, coordinator) = await ProfileLogin.LoginAsync(settings, profile, password, cancellationToken).ConfigureAwait(false);
        using (unlocked)
        using (coordinator)
        {
            using var next = IdentityKeyPair.Generate();
            var signed = KeyRotationStatement.Sign(unlocked.Identity, coordinator.UserId, next.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            IdentityKeyStore.SavePending(profile, next, unlocked.Secrets, unlocked.LoginSalt, unlocked.Cost);
            await PendingChange.ConfirmAsync(
                profile,
                () => coordinator.RotateKeyAsync(unlocked.Secrets.LoginSecret, next.PublicKey, signed, cancellationToken),
                "key rotation").ConfigureAwait(false);
            StatusLine.Write($"Replaced the identity key of {profile.Username}, signed by the old one: contacts' clients accept it without a warning "
                + $"(verified contacts stay verified). Every login of {profile.Username} has ended.");
            ConsoleText.Line($"New identity fingerprint: {KeyFingerprint.Format(next.PublicKey)}");
            return ExitCodes.Success;
        }
    }

    private static async Task<int> RecoverAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        var profile = LostKeyProfile(settings);
        var password = PasswordSource.ForLogin(settings, profile.Username);

        // The profile's salt went with the key file: the coordinator's is the one to use (docs/protocol.md section 23.4).
        var salt = await CoordinatorSession.GetLoginSaltAsync(settings.Servers, profile.Username, cancellationToken).ConfigureAwait(false);
        using var secrets = PasswordSecrets.Derive(password, salt, PasswordCost.Floor);
        CoordinatorSession coordinator;
        try
        {
            coordinator = await CoordinatorSession.LoginAsync(settings.Servers, profile.Username, secrets.LoginSecret, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            throw new UserFacingException($"The coordinator refused the login of {profile.Username}: wrong password, or no such account.", ex);
        }

        using (coordinator)
        {
            using var next = IdentityKeyPair.Generate();
            profile.Create();
            IdentityKeyStore.SavePending(profile, next, secrets, salt, PasswordCost.Floor);
            await PendingChange.ConfirmAsync(
                profile,
                () => coordinator.RotateKeyAsync(secrets.LoginSecret, next.PublicKey, signedRotation: null, cancellationToken),
                "key replacement").ConfigureAwait(false);
            StatusLine.Write($"Published a new identity key for {profile.Username} without the old one. Every contact's client shows it as a changed key "
                + $"and refuses chats until they compare safety numbers with you (`logchat verify {profile.Username}`) and run `logchat trust {profile.Username}`. "
                + $"Every login of {profile.Username} has ended.");
            ConsoleText.Line($"New identity fingerprint: {KeyFingerprint.Format(next.PublicKey)}");
            return ExitCodes.Success;
        }
    }

    // With --lost-key the profile's key file may be gone: --user names the account, else the only profile here.
    private static ProfileFolder LostKeyProfile(ClientSettings settings) =>
        !string.IsNullOrWhiteSpace(settings.User) ? ProfileFolder.For(settings.Home, settings.User)
        : ProfileFolder.List(settings.Home) is [var only] ? ProfileFolder.For(settings.Home, only)
        : throw new UserFacingException("Name the account whose key is lost with --user.");
}
