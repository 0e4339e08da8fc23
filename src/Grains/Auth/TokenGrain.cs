namespace LogChat.Grains.Auth;

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
        var valid = token.RecordExists && state.UserId != Guid.Empty && clock.GetUtcNow() < state.ExpiresAt;
        return Task.FromResult(valid ? new Caller(state.UserId, state.Username) : null);
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
