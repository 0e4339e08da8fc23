namespace LogChat.Grains.Auth;

// A token is checked when a call arrives; between calls (a client idling on its Connect stream) its activation
// only costs gateway memory, so it is collected soon rather than after Orleans' default quarter of an hour.
[CollectionAgeLimit(Minutes = 2)]
public sealed class TokenGrain(
    [PersistentState("token", GrainServiceRegistration.StorageName)] IPersistentState<TokenState> token,
    TimeProvider clock) : Grain, ITokenGrain
{
    public async Task Issue(Guid userId, string username, DateTimeOffset expiresAt)
    {
        token.State = new TokenState { UserId = userId, Username = username, ExpiresAt = expiresAt };
        await token.WriteStateAsync();
    }

    public Task<Caller?> Validate()
    {
        var state = token.State;
        if (!token.RecordExists || state.UserId == Guid.Empty)
        {
            return Task.FromResult<Caller?>(null);
        }

        if (clock.GetUtcNow() >= state.ExpiresAt)
        {
            // Validate interleaves; the deletion goes through the grain's queue like any other write.
            this.AsReference<ITokenGrain>().Revoke().Ignore();
            return Task.FromResult<Caller?>(null);
        }

        return Task.FromResult<Caller?>(new Caller(state.UserId, state.Username));
    }

    public async Task<Caller?> ValidateAndRelease()
    {
        var caller = await Validate();
        DeactivateOnIdle();
        return caller;
    }

    public async Task Revoke()
    {
        if (token.RecordExists)
        {
            await token.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}
