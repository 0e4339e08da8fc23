using System.CommandLine;
using LogChat.Client.Keys;

namespace LogChat.Client.Cli.Commands;

/// <summary><c>logchat fingerprint</c>: shows this profile's identity key fingerprint (no password needed).</summary>
public static class FingerprintCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("fingerprint", "Show the fingerprint of your identity key.");
        command.SetAction(CommandRunner.Wrap(options, (_, settings, _) =>
        {
            var profile = ProfileResolver.Resolve(settings);
            var publicKey = IdentityKeyStore.ReadPublicKey(profile);
            ConsoleText.Line($"{profile.Username}: {KeyFingerprint.Format(publicKey)}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
