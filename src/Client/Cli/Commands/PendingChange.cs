using Grpc.Core;
using LogChat.Client.Keys;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// The coordinator's half of a password change or key rotation whose new identity key file is pending: the file
/// replaces the current one once the coordinator confirmed; a refusal removes it; an answer that never came leaves it
/// for the next login to settle (the coordinator may or may not have made the change).
/// </summary>
public static class PendingChange
{
    /// <summary>Runs <paramref name="change"/> (the coordinator call) and keeps or removes the pending file by its outcome.</summary>
    public static async Task ConfirmAsync(ProfileFolder profile, Func<Task> change, string what)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await change().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is RpcException rpc && OutcomeUnknown(rpc.StatusCode)))
        {
            throw new UserFacingException(
                $"The coordinator did not confirm the {what} of {profile.Username} (it may or may not have made it). "
                + "The next login settles it (run `logchat status`): the change stands if the coordinator made it, and is undone if not.",
                ex);
        }
        catch
        {
            IdentityKeyStore.DiscardPending(profile);
            throw;
        }

        IdentityKeyStore.PromotePending(profile);
    }

    // Whether the call may have reached the coordinator and taken effect, although no answer says so.
    private static bool OutcomeUnknown(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Unknown or StatusCode.Internal;
}
