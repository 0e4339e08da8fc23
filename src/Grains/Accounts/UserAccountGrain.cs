using LogChat.Grains.Errors;

namespace LogChat.Grains.Accounts;

// Looked up at registration, login and chat requests only; reloads from the database in one query when needed again.
[CollectionAgeLimit(Minutes = 2)]
public sealed class UserAccountGrain(UserStore store, DeletedAccountStore deleted, AccountDeletion deletion, TimeProvider clock)
    : LogChatGrain, IUserAccountGrain
{
    private UserAccount? _account;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _account = await store.FindByUsernameAsync(Name);
    }

    public async Task<Guid> Register(string passwordHash, byte[] identityKey)
    {
        // A held name is refused as a taken one: whoever tries learns only that it is not free. Asked here, not at
        // activation, so that logins and lookups cost no second query.
        if (_account is not null || await deleted.HeldUntilAsync(Name) > clock.GetUtcNow())
        {
            throw CoordinatorException.AlreadyExists($"username {Name} is taken");
        }

        var account = new UserAccount(Guid.CreateVersion7(), Name, passwordHash, identityKey, clock.GetUtcNow());
        if (!await store.TryInsertAsync(account))
        {
            // Another silo won a race this activation could not see (e.g. during a membership change).
            _account = await store.FindByUsernameAsync(Name);
            throw CoordinatorException.AlreadyExists($"username {Name} is taken");
        }

        _account = account;
        return account.UserId;
    }

    public Task<UserAccount?> Find() => Task.FromResult(_account);

    public async Task<DateTimeOffset> Delete(Guid userId)
    {
        if (_account is not { } account || account.UserId != userId)
        {
            throw CoordinatorException.NotFound($"no user named {Name}");
        }

        // Whatever happens below, the next call reads the account and the hold from the database again.
        DeactivateOnIdle();
        var heldUntil = await deletion.DeleteAsync(account);
        _account = null;
        return heldUntil;
    }

    public async Task ChangePasswordHash(string currentHash, string newHash)
    {
        var account = _account ?? throw CoordinatorException.NotFound($"no user named {Name}");
        if (account.PasswordHash != currentHash)
        {
            throw CoordinatorException.FailedPrecondition("the password was changed meanwhile: log in with the new one and try again");
        }

        await store.UpdatePasswordHashAsync(account.UserId, newHash);
        _account = account with { PasswordHash = newHash };
    }

    public async Task RotateKey(byte[] newKey, SignedKeyRotation? signedRotation)
    {
        var account = _account ?? throw CoordinatorException.NotFound($"no user named {Name}");
        if (signedRotation is not null && !signedRotation.OldKey.AsSpan().SequenceEqual(account.IdentityKey))
        {
            throw CoordinatorException.FailedPrecondition(
                "the signed rotation starts from a key that is no longer this account's current key (it was rotated elsewhere)");
        }

        var outcome = await store.RotateKeyAsync(account.UserId, account.IdentityKey, newKey, signedRotation);
        _account = await store.FindByUsernameAsync(Name);
        switch (outcome)
        {
            case KeyRotationOutcome.NotCurrent:
                throw CoordinatorException.FailedPrecondition("the account's key changed meanwhile: try again");
            case KeyRotationOutcome.KeyUsedBefore:
                throw CoordinatorException.InvalidArgument("new_identity_key was this account's key before: generate a new one");
        }
    }
}
