using System.Net;
using LogChat.Client.Cli;
using LogChat.Client.Cli.Commands;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Client.Tests.Coordinator;
using LogChat.Client.Tests.Keys;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Tests.Cli;

/// <summary>
/// Each window of a password change or key rotation cut short (a crash, a lost answer): the pending identity key file
/// and the current one never stay out of step with the coordinator, and the next login settles which one stands.
/// </summary>
public sealed class InterruptedChangeTests : IAsyncLifetime, IDisposable
{
    private const string OldPassword = "old password 1";
    private const string NewPassword = "new password 2";
    private static readonly byte[] Salt = "logchat-salt-16b"u8.ToArray();

    private readonly TemporaryFolder _home = new();
    private readonly IdentityKeyPair _identity = IdentityKeyPair.Generate();
    private readonly PasswordSecrets _oldSecrets = PasswordSecrets.Derive(OldPassword, Salt, PasswordCost.Floor);
    private readonly PasswordSecrets _newSecrets = PasswordSecrets.Derive(NewPassword, Salt, PasswordCost.Floor);
    private ProfileFolder _profile = null!;
    private AccountGateway _gateway = null!;
    private ClientSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _profile = ProfileFolder.For(_home.Path, "alice");
        IdentityKeyStore.Save(_profile, _identity, _oldSecrets, Salt, PasswordCost.Floor);
        _gateway = await AccountGateway.StartAsync(new AccountGateway.AccountState("alice", _oldSecrets.LoginSecret, _identity.PublicKey));
        _settings = new ClientSettings([_gateway.Url], _home.Path, "alice", new InboundSettings(null, NoInbound: true), PeerOptions.Default with { ListenAddress = IPAddress.Loopback });
    }

    [Fact]
    public async Task A_password_change_cut_short_before_the_coordinator_took_it_leaves_the_old_password_working_and_undoes_the_new_one()
    {
        IdentityKeyStore.SavePending(_profile, _identity, _newSecrets, Salt, PasswordCost.Floor);

        var refused = await Assert.ThrowsAsync<UserFacingException>(() => LoginAsync(NewPassword));
        Assert.Contains("log in with the old password", refused.Message, StringComparison.Ordinal);
        Assert.False(IdentityKeyStore.HasPending(_profile));

        await LoginAsync(OldPassword);
    }

    [Fact]
    public async Task A_pending_password_change_the_coordinator_never_got_is_removed_by_a_login_with_the_old_password()
    {
        IdentityKeyStore.SavePending(_profile, _identity, _newSecrets, Salt, PasswordCost.Floor);

        await LoginAsync(OldPassword);

        Assert.False(IdentityKeyStore.HasPending(_profile));
        Assert.Throws<WrongPasswordException>(() => IdentityKeyStore.Unlock(_profile, NewPassword).Dispose());
    }

    [Fact]
    public async Task A_password_change_the_coordinator_took_without_an_answer_is_finished_by_the_next_login_with_the_new_password()
    {
        _gateway.Account.LoseAnswers = true;
        IdentityKeyStore.SavePending(_profile, _identity, _newSecrets, Salt, PasswordCost.Floor);
        using (var coordinator = await CoordinatorSession.LoginAsync([_gateway.Url], "alice", _oldSecrets.LoginSecret, CancellationToken.None))
        {
            var unconfirmed = await Assert.ThrowsAsync<UserFacingException>(() => PendingChange.ConfirmAsync(
                _profile, () => coordinator.ChangePasswordAsync(_oldSecrets.LoginSecret, _newSecrets.LoginSecret, CancellationToken.None), "password change"));
            Assert.Contains("did not confirm", unconfirmed.Message, StringComparison.Ordinal);
        }

        Assert.True(IdentityKeyStore.HasPending(_profile));
        var stale = await Assert.ThrowsAsync<UserFacingException>(() => LoginAsync(OldPassword));
        Assert.Contains("log in with the new password", stale.Message, StringComparison.Ordinal);
        Assert.True(IdentityKeyStore.HasPending(_profile));

        await LoginAsync(NewPassword);

        Assert.False(IdentityKeyStore.HasPending(_profile));
        IdentityKeyStore.Unlock(_profile, NewPassword).Dispose();
        Assert.Throws<WrongPasswordException>(() => IdentityKeyStore.Unlock(_profile, OldPassword).Dispose());
    }

    [Fact]
    public async Task A_refused_change_removes_its_pending_file_at_once()
    {
        IdentityKeyStore.SavePending(_profile, _identity, _newSecrets, Salt, PasswordCost.Floor);
        using var coordinator = await CoordinatorSession.LoginAsync([_gateway.Url], "alice", _oldSecrets.LoginSecret, CancellationToken.None);

        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => PendingChange.ConfirmAsync(
            _profile, () => coordinator.ChangePasswordAsync(_newSecrets.LoginSecret, _newSecrets.LoginSecret, CancellationToken.None), "password change"));

        Assert.False(IdentityKeyStore.HasPending(_profile));
        IdentityKeyStore.Unlock(_profile, OldPassword).Dispose();
    }

    [Fact]
    public async Task A_key_rotation_the_coordinator_published_is_finished_by_the_next_login_and_one_it_did_not_is_undone()
    {
        using var published = IdentityKeyPair.Generate();
        IdentityKeyStore.SavePending(_profile, published, _oldSecrets, Salt, PasswordCost.Floor);
        _gateway.Account.IdentityKey = published.PublicKey;

        await LoginAsync(OldPassword);

        Assert.False(IdentityKeyStore.HasPending(_profile));
        Assert.Equal(published.PublicKey, IdentityKeyStore.ReadPublicKey(_profile));

        using var neverPublished = IdentityKeyPair.Generate();
        IdentityKeyStore.SavePending(_profile, neverPublished, _oldSecrets, Salt, PasswordCost.Floor);

        await LoginAsync(OldPassword);

        Assert.False(IdentityKeyStore.HasPending(_profile));
        Assert.Equal(published.PublicKey, IdentityKeyStore.ReadPublicKey(_profile));
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    public void Dispose()
    {
        _identity.Dispose();
        _oldSecrets.Dispose();
        _newSecrets.Dispose();
        _home.Dispose();
    }

    private async Task LoginAsync(string password)
    {
        var (unlocked, coordinator) = await ProfileLogin.LoginAsync(_settings, _profile, password, CancellationToken.None);
        unlocked.Dispose();
        coordinator.Dispose();
    }
}
