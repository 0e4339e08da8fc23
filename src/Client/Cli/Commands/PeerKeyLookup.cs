using LogChat.Client.Keys;

namespace LogChat.Client.Cli.Commands;

/// <summary>Fetches a user's current identity key from the coordinator, for <c>verify</c> and <c>trust</c>.</summary>
internal static class PeerKeyLookup
{
    public static Task<PublishedIdentityKey> FetchAsync(OnlineUser user, string username, CancellationToken cancellationToken)
    {
        var coordinator = user.Coordinator ?? throw new InvalidOperationException("Not logged in.");
        return coordinator.GetIdentityKeyAsync(Usernames.Normalize(username), cancellationToken);
    }
}
