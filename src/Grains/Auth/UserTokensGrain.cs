using LogChat.Grains.Presence;

namespace LogChat.Grains.Auth;

// Touched at login and at "log out everywhere" only: collected soon, like a token.
[CollectionAgeLimit(Minutes = 2)]
public sealed class UserTokensGrain(
    [PersistentState(UserTokensGrain.StateName, GrainServiceRegistration.StorageName)] IPersistentState<UserTokensState> tokens,
    TimeProvider clock) : LogChatGrain, IUserTokensGrain
{
    /// <summary>The name of the token list's state, under which grain storage keeps its row.</summary>
    public const string StateName = "user-tokens";

    /// <summary>The most live tokens a user keeps (devices and logins within a token's lifetime); a login beyond revokes the oldest.</summary>
    public const int MaxTokens = 32;

    public async Task Add(string storageKey, DateTimeOffset expiresAt)
    {
        var now = clock.GetUtcNow();
        var live = tokens.State.Tokens;
        foreach (var expired in live.Where(token => token.Value <= now).Select(token => token.Key).ToList())
        {
            live.Remove(expired);
        }

        live[storageKey] = expiresAt;
        var surplus = live.OrderBy(token => token.Value).Take(Math.Max(0, live.Count - MaxTokens)).Select(token => token.Key).ToList();
        foreach (var oldest in surplus)
        {
            live.Remove(oldest);
        }

        await tokens.WriteStateAsync();
        await Task.WhenAll(surplus.Select(oldest => GrainFactory.GetGrain<ITokenGrain>(oldest).Revoke()));
    }

    public async Task RevokeAll()
    {
        var all = tokens.State.Tokens.Keys.ToList();
        tokens.State.Tokens.Clear();
        await tokens.WriteStateAsync();
        await Task.WhenAll(all.Select(key => GrainFactory.GetGrain<ITokenGrain>(key).Revoke()));

        // Also the streams of tokens this list no longer had (none, unless their expiry passed as it was read).
        await GrainFactory.GetGrain<IPresenceGrain>(this.GetPrimaryKey()).EndStreams(null, "logged out everywhere: log in again");
    }

    public async Task Forget()
    {
        await RevokeAll();
        await tokens.ClearStateAsync();
        DeactivateOnIdle();
    }
}
