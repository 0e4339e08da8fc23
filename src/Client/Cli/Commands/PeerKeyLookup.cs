using LogChat.Client.Keys;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli.Commands;

/// <summary>Fetches a user's current identity key from the coordinator, for <c>verify</c> and <c>trust</c>.</summary>
internal static class PeerKeyLookup
{
    public static async Task<(string Username, byte[] IdentityKey)> FetchAsync(OnlineUser user, string username, CancellationToken cancellationToken)
    {
        var coordinator = user.Coordinator ?? throw new InvalidOperationException("Not logged in.");
        var response = await coordinator.GetUserAsync(Usernames.Normalize(username), cancellationToken).ConfigureAwait(false);
        var key = response.IdentityKeys.FirstOrDefault(k => k.KeyType == KeyType.Ed25519);
        if (key is null || !IdentityPublicKey.IsValid(key.PublicKey.Span))
        {
            throw new UserFacingException($"The coordinator has no valid identity key for {response.Username}.");
        }

        return (response.Username, key.PublicKey.ToByteArray());
    }
}
