using System.CommandLine;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli.Commands;

/// <summary><c>logchat trust &lt;username&gt;</c>: pins a user's current key as verified (also after it changed).</summary>
public static class TrustCommand
{
    public static Command Create(GlobalOptions options)
    {
        var peer = new Argument<string>("username") { Description = "The user whose current key to trust." };
        var command = new Command("trust", "Trust a user's current identity key (after comparing safety numbers), replacing any pinned key.") { peer };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) => RunAsync(settings, parse.GetRequiredValue(peer), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, string peer, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            var (username, key) = await PeerKeyLookup.FetchAsync(user, peer, cancellationToken).ConfigureAwait(false);
            user.Pins.Trust(username, key);
            System.Console.Out.WriteLine($"Safety number with {username}: {SafetyNumber.Compute(user.Identity.PublicKey, key)}");
            StatusLine.Write($"Trusted {username}'s current identity key.");
            return ExitCodes.Success;
        }
    }
}
