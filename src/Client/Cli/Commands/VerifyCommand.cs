using System.CommandLine;
using LogChat.Client.Keys;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli.Commands;

/// <summary><c>logchat verify &lt;username&gt;</c>: shows the safety number with a user and how their key relates to the pin.</summary>
public static class VerifyCommand
{
    public static Command Create(GlobalOptions options)
    {
        var peer = new Argument<string>("username") { Description = "The user whose key to verify." };
        var command = new Command("verify", "Show the safety number with a user; compare it with theirs over another channel.") { peer };
        command.SetAction(CommandRunner.Wrap(options, (parse, settings, ct) => RunAsync(settings, parse.GetRequiredValue(peer), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, string peer, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            var published = await PeerKeyLookup.FetchAsync(user, peer, cancellationToken).ConfigureAwait(false);
            var (userId, username, key) = published;
            if (user.Pins.FollowSignedRotation(userId, username, key, published.KeyRotations))
            {
                StatusLine.Write(KeyRotationText.Followed(username, user.Pins.StateOf(userId, username, key)));
            }

            var number = SafetyNumber.Compute(user.Identity.PublicKey, key);
            ConsoleText.Line($"Safety number with {username}: {number}");
            var trust = $"`logchat trust {username} --safety-number \"{number}\"`";
            var advice = user.Pins.StateOf(userId, username, key) switch
            {
                PinState.Verified => "This key is the one you trusted.",
                PinState.Pinned => $"This key matches the one pinned at an earlier chat. If the numbers agree, mark it verified with {trust}.",
                PinState.Unknown => $"{username} is a new contact: no key pinned yet. If the numbers agree, mark it verified with {trust}.",
                _ => $"This key DIFFERS from the one pinned for {username}. Chats are refused until you compare the numbers and run {trust}.",
            };
            StatusLine.Write(advice);
            return ExitCodes.Success;
        }
    }
}
