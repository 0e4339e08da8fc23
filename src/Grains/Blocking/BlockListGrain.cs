using LogChat.Grains.Accounts;
using LogChat.Grains.Errors;
using LogChat.Grains.Sessions;

namespace LogChat.Grains.Blocking;

// Asked on every chat request to this user and every lookup of it; reloads from the database in one query when needed again.
[CollectionAgeLimit(Minutes = 2)]
public sealed class BlockListGrain(BlockStore store, ISessionStore sessions, TimeProvider clock) : LogChatGrain, IBlockListGrain
{
    /// <summary>The most users one user may block.</summary>
    public const int MaxBlocked = 1000;

    private HashSet<Guid> _blocked = [];

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _blocked = await store.BlockedByAsync(UserId);
    }

    public async Task<bool> Block(Participant blocked)
    {
        ArgumentNullException.ThrowIfNull(blocked);
        if (blocked.UserId == UserId)
        {
            throw CoordinatorException.InvalidArgument("you cannot block yourself");
        }

        if (_blocked.Contains(blocked.UserId))
        {
            return false;
        }

        if (_blocked.Count >= MaxBlocked)
        {
            // The cache may still hold users whose accounts went while a Forget was lost: the table decides.
            _blocked = await store.BlockedByAsync(UserId);
            if (_blocked.Count >= MaxBlocked)
            {
                throw CoordinatorException.ResourceExhausted($"you have blocked {MaxBlocked} users, the most allowed: unblock someone first");
            }
        }

        if (!await store.TryAddAsync(UserId, blocked.UserId, clock.GetUtcNow()))
        {
            throw CoordinatorException.NotFound($"no user named {blocked.Username}");
        }

        _blocked.Add(blocked.UserId);
        var open = await sessions.OpenSessionsBetweenAsync(UserId, blocked.UserId);
        await Task.WhenAll(open.Select(sessionId => GrainFactory.GetGrain<IChatSessionGrain>(sessionId).Withdraw(UserId)));
        return true;
    }

    public async Task<bool> Unblock(Guid blockedId)
    {
        var removed = await store.RemoveAsync(UserId, blockedId);
        _blocked.Remove(blockedId);
        return removed;
    }

    public async Task<IReadOnlyList<BlockRecord>> List()
    {
        var blocked = await store.ListAsync(UserId);
        _blocked = blocked.Select(record => record.UserId).ToHashSet();
        return blocked;
    }

    public Task<bool> Blocks(Guid userId) => Task.FromResult(_blocked.Contains(userId));

    public Task Forget(Guid userId)
    {
        _blocked.Remove(userId);
        return Task.CompletedTask;
    }

    public Task Close()
    {
        _blocked = [];
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
