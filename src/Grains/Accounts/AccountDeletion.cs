using LogChat.Grains.Auth;
using LogChat.Grains.Blocking;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Accounts;

/// <summary>
/// Deletes an account and everything the coordinator keeps about it, for <see cref="UserAccountGrain"/>: first what is
/// live (streams, tokens, open sessions, whose peers are told), then the rows in one transaction, then what other
/// activations still cache about the user. Every step can run again: an attempt that failed half way is finished by
/// the next.
/// </summary>
public sealed class AccountDeletion(
    DeletedAccountStore store,
    BlockStore blocks,
    ISessionStore sessions,
    IGrainFactory grains,
    IOptions<AccountOptions> options,
    TimeProvider clock)
{
    /// <summary>What a deleted user's streams end with.</summary>
    public const string StreamEndReason = "this account was deleted";

    /// <summary>Deletes <paramref name="account"/>; returns until when its username is held.</summary>
    public async Task<DateTimeOffset> DeleteAsync(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var userId = account.UserId;
        var presence = grains.GetGrain<IPresenceGrain>(userId);

        // Streams first, so that they end saying why; then the tokens, so that no client connects again; then the open
        // sessions, ended as if the user went offline, with their rows final before the cascade takes them.
        await presence.Close(StreamEndReason);
        await grains.GetGrain<IUserTokensGrain>(userId).Forget();
        var open = await sessions.OpenSessionsOfAsync(userId);
        await Task.WhenAll(open.Select(sessionId => grains.GetGrain<IChatSessionGrain>(sessionId).Withdraw(userId)));

        var blockers = await blocks.BlockersOfAsync(userId);
        var heldUntil = clock.GetUtcNow() + options.Value.DeletedNameHold;
        await store.RemoveAsync(userId, account.Username, heldUntil);

        // The caches: the user's own block list, the lists of those who blocked it, and a presence activation that a
        // gateway's disconnect brought back before the row went.
        Task[] forgetting =
        [
            grains.GetGrain<IBlockListGrain>(userId).Close(),
            presence.Close(StreamEndReason),
            .. blockers.Select(blocker => grains.GetGrain<IBlockListGrain>(blocker).Forget(userId)),
        ];
        await Task.WhenAll(forgetting);
        return heldUntil;
    }
}
