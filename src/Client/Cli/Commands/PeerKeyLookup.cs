using LogChat.Client.Keys;

namespace LogChat.Client.Cli.Commands;

/// <summary>Fetches a user's current identity key from the coordinator, for <c>verify</c> and <c>trust</c>.</summary>
internal static class PeerKeyLookup
{
    /// <summary>The key of exactly the user asked for: an answer for another name is refused, not shown.</summary>
    public static async Task<PublishedIdentityKey> FetchAsync(OnlineUser user, string username, CancellationToken cancellationToken)
    {
        var coordinator = user.Coordinator ?? throw new InvalidOperationException("Not logged in.");
        var asked = Usernames.Normalize(username);
        var published = await coordinator.GetIdentityKeyAsync(asked, cancellationToken).ConfigureAwait(false);
        return published.Username == asked
            ? published
            : throw new UserFacingException(
                $"Asked for {asked}'s key, the coordinator answered with {published.Username}'s. Refused: nothing was shown or stored.");
    }
}
