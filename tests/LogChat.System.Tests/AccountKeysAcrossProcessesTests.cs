using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>
/// Password change and key rotation with real <c>logchat</c> processes: the old password stops working and other logins
/// end; a contact follows a signed rotation silently, and refuses a key published without the old one until <c>trust</c>.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class AccountKeysAcrossProcessesTests
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Passwd_refuses_the_old_password_afterwards_takes_the_new_one_and_ends_the_other_logins_streams()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.RegisterAsync("alice");
        using var listening = rig.Start("alice", "listen", "--accept-all");
        await listening.WaitForStatusAsync("Waiting for chat requests");
        var newPassword = rig.PasswordFile("alice", "a brand new password");

        Assert.Equal(0, await RunAsync(rig, "alice", "passwd", "--new-password-file", newPassword));

        Assert.NotEqual(0, await listening.WaitForExitAsync(ExitPatience));
        Assert.Contains("log in again", listening.Status, StringComparison.Ordinal);
        using (var withOldPassword = rig.Start("alice", "status"))
        {
            withOldPassword.CloseInput();
            Assert.NotEqual(0, await withOldPassword.WaitForExitAsync(ExitPatience));
            Assert.Contains("Wrong password", withOldPassword.Status, StringComparison.Ordinal);
        }

        Assert.Equal(0, await RunAsync(rig, "alice", "status", "--password-file", newPassword));
    }

    [Fact]
    public async Task A_contact_follows_a_signed_rotation_without_a_warning_and_a_verified_key_stays_verified()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync();
        await EndChatAsync(rig.Alice!, rig.Bob!);
        await TrustAsync(rig, "bob", "alice");

        using (var rotate = rig.Start("alice", "rotate-key"))
        {
            rotate.CloseInput();
            Assert.Equal(0, await rotate.WaitForExitAsync(ExitPatience));
            Assert.Contains(rotate.Lines, line => line.StartsWith("New identity fingerprint: ", StringComparison.Ordinal));
        }

        using var alice = rig.Start("alice", "listen", "--accept-all");
        await alice.WaitForStatusAsync("Waiting for chat requests");
        using var bob = rig.Start("bob", "chat", "alice");
        await bob.WaitForStatusAsync("alice replaced their identity key, and the key you had pinned signed the new one: it is accepted and stays verified.");
        await bob.WaitForStatusAsync("Chatting with alice (verified");
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync(ExitPatience));
    }

    [Fact]
    public async Task After_a_lost_key_rotation_a_contact_refuses_the_new_key_until_trust()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync();
        await EndChatAsync(rig.Alice!, rig.Bob!);
        rig.LoseProfile("alice");

        Assert.Equal(0, await RunAsync(rig, "alice", "rotate-key", "--lost-key", "--user", "alice"));

        using var alice = rig.Start("alice", "listen", "--accept-all");
        await alice.WaitForStatusAsync("Waiting for chat requests");
        using (var refused = rig.Start("bob", "chat", "alice"))
        {
            Assert.NotEqual(0, await refused.WaitForExitAsync(ExitPatience));
            Assert.Contains("alice's identity key (or the account behind the name) has changed", refused.Status, StringComparison.Ordinal);
        }

        await TrustAsync(rig, "bob", "alice");
        using var bob = rig.Start("bob", "chat", "alice");
        await bob.WaitForStatusAsync("Chatting with alice (verified");
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync(ExitPatience));
    }

    [Theory]
    [InlineData("passwd", "--new-password-file", "Change the password")]
    [InlineData("rotate-key", "--lost-key", "Replace your identity key")]
    public async Task Each_account_command_explains_itself_and_its_options_with_help(string command, string option, string description)
    {
        using var help = ClientProcess.Start("http://127.0.0.1:1", Path.GetTempPath(), command, "--help");
        help.CloseInput();

        Assert.Equal(0, await help.WaitForExitAsync(ExitPatience));
        Assert.Contains(help.Lines, line => line.Contains(option, StringComparison.Ordinal));
        Assert.Contains(help.Lines, line => line.Contains(description, StringComparison.Ordinal));
    }

    // Compares the safety number as a user would (verify), then trusts the key with it.
    private static async Task TrustAsync(ChatRig rig, string user, string peer)
    {
        using var verify = rig.Start(user, "verify", peer);
        verify.CloseInput();
        Assert.Equal(0, await verify.WaitForExitAsync(ExitPatience));
        var prefix = $"Safety number with {peer}: ";
        var number = verify.Lines.Single(line => line.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
        Assert.Equal(0, await RunAsync(rig, user, "trust", peer, "--safety-number", number));
    }

    private static async Task<int> RunAsync(ChatRig rig, string user, params string[] arguments)
    {
        using var process = rig.Start(user, arguments);
        process.CloseInput();
        return await process.WaitForExitAsync(ExitPatience);
    }

    private static async Task EndChatAsync(ClientProcess alice, ClientProcess bob)
    {
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync(ExitPatience));
        Assert.Equal(0, await alice.WaitForExitAsync(ExitPatience));
    }
}
