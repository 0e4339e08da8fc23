using LogChat.Grains.Presence;

namespace LogChat.Grains.Auth;

// A token is checked when a call arrives; between calls (a client idling on its Connect stream) its activation
// only costs gateway memory, so it is collected soon rather than after Orleans' default quarter of an hour.
[CollectionAgeLimit(Minutes = 2)]
public sealed class TokenGrain(
    [PersistentState(TokenGrain.StateName, GrainServiceRegistration.StorageName)] IPersistentState<TokenState> token,
    TimeProvider clock) : LogChatGrain, ITokenGrain
{
    /// <summary>The name of the token's state, under which grain storage keeps its row.</summary>
    public const string StateName = "token";

    // A token that authenticated a call this recently is in use: a stream it opens does not release it, so that a
    // client busy with calls does not read its token from storage again after every reconnect.
    private static readonly TimeSpan InUse = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _lastCallAt;

    public async Task Issue(Guid userId, string username, DateTimeOffset expiresAt)
    {
        token.State = new TokenState { UserId = userId, Username = username, ExpiresAt = expiresAt };
        await token.WriteStateAsync();
        await GrainFactory.GetGrain<IUserTokensGrain>(userId).Add(this.GetPrimaryKeyString(), expiresAt);
    }

    public Task<Caller?> Validate()
    {
        _lastCallAt = clock.GetUtcNow();
        return Task.FromResult(Check());
    }

    public Task<Caller?> ValidateAndRelease()
    {
        if (_lastCallAt is not { } last || clock.GetUtcNow() - last >= InUse)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(Check());
    }

    public async Task Revoke()
    {
        if (token.RecordExists)
        {
            var userId = token.State.UserId;
            await token.ClearStateAsync();
            await GrainFactory.GetGrain<IPresenceGrain>(userId)
                .EndStreams(StreamToken.IdOf(this.GetPrimaryKeyString()), "this login was ended (logged out): log in again");
        }

        DeactivateOnIdle();
    }

    private Caller? Check()
    {
        var state = token.State;
        if (!token.RecordExists || state.UserId == Guid.Empty)
        {
            return null;
        }

        if (clock.GetUtcNow() >= state.ExpiresAt)
        {
            // Validate interleaves; the deletion goes through the grain's queue like any other write.
            this.AsReference<ITokenGrain>().Revoke().Ignore();
            return null;
        }

        return new Caller(state.UserId, state.Username, state.ExpiresAt);
    }
}
