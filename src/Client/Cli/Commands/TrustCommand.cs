using System.CommandLine;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat trust &lt;username&gt; [--safety-number N]</c>: pins a user's current key as verified (also after it changed),
/// only once the user confirmed that key's safety number and only for the name asked for.
/// </summary>
public static class TrustCommand
{
    public static Command Create(GlobalOptions options)
    {
        var peer = new Argument<string>("username") { Description = "The user whose current key to trust." };
        var safetyNumber = new Option<string>("--safety-number")
        {
            Description = "The safety number you compared with the user (as `logchat verify` shows it); the key is trusted only when "
                + "its number matches exactly. Without it, the number is shown and you confirm it.",
            HelpName = "digits",
        };
        var command = new Command("trust", "Trust a user's current identity key after comparing safety numbers, replacing any pinned key.")
        {
            peer,
            safetyNumber,
        };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) =>
            RunAsync(settings, parse.GetRequiredValue(peer), parse.GetValue(safetyNumber), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, string peer, string? safetyNumber, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            var published = await PeerKeyLookup.FetchAsync(user, peer, cancellationToken).ConfigureAwait(false);
            var number = SafetyNumber.Compute(user.Identity.PublicKey, published.IdentityKey);
            SafetyNumberConfirmation.Require(published.Username, number, safetyNumber);
            user.Pins.Trust(published.UserId, published.Username, published.IdentityKey);
            StatusLine.Write($"Trusted {published.Username}'s identity key with safety number {number}.");
            return ExitCodes.Success;
        }
    }
}
