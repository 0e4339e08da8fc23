using Grpc.Core;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;

namespace LogChat.Client.Cli;

/// <summary>
/// Unlocks a profile with its password and logs in. A password change or key rotation that a crash (or a lost answer)
/// left half done is settled first: of the pending identity key file and the current one, the one whose change the
/// coordinator holds is kept, so the two never stay out of step (docs/decisions.md, "Password change and key rotation").
/// </summary>
public static class ProfileLogin
{
    /// <summary>The unlocked profile and its logged-in session; the caller disposes both.</summary>
    public static async Task<(UnlockedProfile Unlocked, CoordinatorSession Coordinator)> LoginAsync(
        ClientSettings settings, ProfileFolder profile, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(profile);
        var pendingRefused = false;
        if (IdentityKeyStore.TryUnlockPending(profile, password) is { } pending)
        {
            if (await SettlePendingAsync(settings, profile, pending, cancellationToken).ConfigureAwait(false) is { } settled)
            {
                return settled;
            }

            pendingRefused = !IdentityKeyStore.HasPending(profile);
        }

        UnlockedProfile unlocked;
        try
        {
            unlocked = IdentityKeyStore.Unlock(profile, password);
        }
        catch (WrongPasswordException ex) when (pendingRefused)
        {
            throw new UserFacingException(
                $"A password change of {profile.Username} to this password was interrupted before the coordinator took it, and is undone: "
                + "log in with the old password (and run `logchat passwd` again).",
                ex);
        }

        PhaseTrace.Mark("unlocked");
        try
        {
            var coordinator = await CoordinatorSession.LoginAsync(settings.Servers, profile.Username, unlocked.Secrets.LoginSecret, cancellationToken)
                .ConfigureAwait(false);

            // This password still logs in: a pending file it does not open is a password change that never reached the coordinator.
            IdentityKeyStore.DiscardPending(profile);
            return (unlocked, coordinator);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            unlocked.Dispose();
            throw IdentityKeyStore.HasPending(profile)
                ? new UserFacingException(
                    $"A password change of {profile.Username} on this device was interrupted after the coordinator took the new password: "
                    + "log in with the new password (the old one no longer logs in).",
                    ex)
                : new UserFacingException(
                    $"The coordinator refused the login of {profile.Username}, although the password opened this profile: the password was changed "
                    + "from a copy of this profile on another device (copy that profile here), or the coordinator does not know this account "
                    + "(a deleted account, one made before passwords stopped leaving the device, or another coordinator: register again).",
                    ex);
        }
        catch
        {
            unlocked.Dispose();
            throw;
        }
    }

    // The pending file opened with this password. A login with its secret shows whether the coordinator took a password
    // change; for a rotation (same password, new key) the key the coordinator publishes shows whether it took the key.
    // Kept (promoted) when it did, removed when it did not: null then, and the current file is used.
    private static async Task<(UnlockedProfile, CoordinatorSession)?> SettlePendingAsync(
        ClientSettings settings, ProfileFolder profile, UnlockedProfile pending, CancellationToken cancellationToken)
    {
        CoordinatorSession coordinator;
        try
        {
            coordinator = await CoordinatorSession.LoginAsync(settings.Servers, profile.Username, pending.Secrets.LoginSecret, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            pending.Dispose();
            IdentityKeyStore.DiscardPending(profile);
            return null;
        }
        catch
        {
            pending.Dispose();
            throw;
        }

        try
        {
            var pendingKey = pending.Identity.PublicKey;
            var passwordChange = profile.Exists && IdentityKeyStore.ReadPublicKey(profile).AsSpan().SequenceEqual(pendingKey);
            if (passwordChange || (await coordinator.GetIdentityKeyAsync(profile.Username, cancellationToken).ConfigureAwait(false)).IdentityKey.AsSpan().SequenceEqual(pendingKey))
            {
                IdentityKeyStore.PromotePending(profile);
                StatusLine.Write(passwordChange
                    ? $"Finished the interrupted password change of {profile.Username}: the coordinator had taken it."
                    : $"Finished the interrupted key rotation of {profile.Username}: the coordinator had published the new key.");
                return (pending, coordinator);
            }

            IdentityKeyStore.DiscardPending(profile);
        }
        catch
        {
            coordinator.Dispose();
            pending.Dispose();
            throw;
        }

        coordinator.Dispose();
        pending.Dispose();
        return null;
    }
}
