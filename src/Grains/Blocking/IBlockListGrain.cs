using LogChat.Grains.Accounts;

namespace LogChat.Grains.Blocking;

/// <summary>
/// The users one user blocks (key: the blocker's user id), kept in <c>user_blocks</c> and cached here, so that every chat
/// request and lookup asks this activation rather than the database. A blocked user's chat requests to the blocker are
/// refused exactly as if the blocker were offline, and its lookups show the blocker offline: it learns nothing new.
/// </summary>
public interface IBlockListGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Blocks <paramref name="blocked"/> and ends every open session between the two as if the blocker went offline.
    /// True when newly blocked, false when blocked already (nothing changes). Refuses the blocker itself
    /// (INVALID_ARGUMENT), a user whose account is gone (NOT_FOUND) and a block beyond <see cref="BlockListGrain.MaxBlocked"/>
    /// (RESOURCE_EXHAUSTED).
    /// </summary>
    Task<bool> Block(Participant blocked);

    /// <summary>Lifts the block of <paramref name="blockedId"/>; false when that user was not blocked.</summary>
    Task<bool> Unblock(Guid blockedId);

    /// <summary>The blocked users whose accounts exist, in the order they were blocked.</summary>
    Task<IReadOnlyList<BlockRecord>> List();

    /// <summary>Whether this user blocks <paramref name="userId"/>.</summary>
    [AlwaysInterleave]
    Task<bool> Blocks(Guid userId);

    /// <summary>The account of <paramref name="userId"/> was deleted (its block rows with it): drops it from the cache.</summary>
    Task Forget(Guid userId);

    /// <summary>This user's account was deleted (its block rows with it): drops the cache and lets the activation go.</summary>
    Task Close();
}
