using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary><c>logchat block</c> and <c>logchat delete-account</c> as real processes against a real gateway.</summary>
[Trait("Category", "Postgres")]
public sealed class AccountLifecycleAcrossProcessesTests
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_blocked_users_chat_finds_the_blocker_offline_and_the_blockers_listen_never_sees_it()
    {
        await using var rig = await ChatRig.StartAsync();
        foreach (var user in new[] { "alice", "bob", "carol" })
        {
            await rig.RegisterAsync(user);
        }

        var (whileOfflineExit, whileOffline) = await RunAsync(rig, "bob", "chat", "alice");
        using var alice = rig.Start("alice", "listen", "--accept-all");
        await alice.WaitForStatusAsync("Waiting for chat requests");

        var (blockExit, block) = await RunAsync(rig, "alice", "block", "bob");
        var (whileBlockedExit, whileBlocked) = await RunAsync(rig, "bob", "chat", "alice");

        Assert.Equal(0, blockExit);
        Assert.Contains("Blocked bob", block, StringComparison.Ordinal);
        Assert.Equal((1, 1), (whileOfflineExit, whileBlockedExit));
        Assert.Equal(LastLine(whileOffline), LastLine(whileBlocked));
        Assert.Equal("logchat: alice is offline", LastLine(whileBlocked));

        // alice's listen is up and takes carol's request: bob's never reached it.
        using (var carol = rig.Start("carol", "chat", "alice"))
        {
            await carol.WaitForStatusAsync("Chatting with alice");
            carol.CloseInput();
            Assert.Equal(0, await carol.WaitForExitAsync(ExitPatience));
        }

        Assert.DoesNotContain("bob", alice.Status, StringComparison.Ordinal);
        using (var listed = rig.Start("alice", "blocked"))
        {
            listed.CloseInput();
            Assert.Equal(0, await listed.WaitForExitAsync(ExitPatience));
            Assert.Contains(listed.Lines, line => line.StartsWith("bob  blocked ", StringComparison.Ordinal));
        }

        alice.CloseInput();
        Assert.Equal(0, await alice.WaitForExitAsync(ExitPatience));
    }

    [Fact]
    public async Task A_deleted_account_cannot_log_in_and_its_name_cannot_be_registered_again_during_the_hold()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.RegisterAsync("alice");
        await rig.RegisterAsync("bob");

        var (refusedExit, refused) = await RunAsync(rig, "alice", ["delete-account"], typed: "bob");
        var (deletedExit, deleted) = await RunAsync(rig, "alice", ["delete-account"], typed: "alice");
        var (loginExit, login) = await RunAsync(rig, "alice", "blocked");
        var (registerExit, register) = await RunAsync(rig, "impostor", "register", "alice");

        Assert.Equal((1, "logchat: That is not alice: the account was not deleted."), (refusedExit, LastLine(refused)));
        Assert.Equal(0, deletedExit);
        Assert.Contains("Deleted the account alice. Nobody can register the name alice before ", deleted, StringComparison.Ordinal);
        Assert.Contains("stays on this device", deleted, StringComparison.Ordinal);
        Assert.Equal(1, loginExit);
        Assert.Contains("The coordinator refused the login of alice", login, StringComparison.Ordinal);
        Assert.Equal(1, registerExit);
        Assert.Contains("username alice is taken", register, StringComparison.Ordinal);

        var (scriptedExit, scripted) = await RunAsync(rig, "bob", "delete-account", "--yes", "--remove-profile");
        var (goneExit, gone) = await RunAsync(rig, "bob", "blocked");

        Assert.Equal(0, scriptedExit);
        Assert.Contains("Removed the profile", scripted, StringComparison.Ordinal);
        Assert.Equal(1, goneExit);
        Assert.Contains("No profile", gone, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("block", "username")]
    [InlineData("unblock", "username")]
    [InlineData("blocked", "oldest block first")]
    [InlineData("delete-account", "--remove-profile")]
    public async Task Every_new_command_explains_itself_with_help(string command, string mentioned)
    {
        using var help = ClientProcess.Start("http://127.0.0.1:1", Path.GetTempPath(), command, "--help");
        help.CloseInput();

        Assert.Equal(0, await help.WaitForExitAsync(ExitPatience));
        Assert.Contains(help.Lines, line => line.Contains(mentioned, StringComparison.Ordinal));
    }

    private static Task<(int Exit, string Status)> RunAsync(ChatRig rig, string user, params string[] arguments) => RunAsync(rig, user, arguments, typed: null);

    // Runs logchat as user to its end, with a line typed on its standard input when given.
    private static async Task<(int Exit, string Status)> RunAsync(ChatRig rig, string user, string[] arguments, string? typed)
    {
        using var client = rig.Start(user, arguments);
        if (typed is not null)
        {
            await client.SendAsync(typed);
        }

        client.CloseInput();
        var exit = await client.WaitForExitAsync(ExitPatience);
        await Eventually.TrueAsync(() => client.Status.Length > 0, $"the status of logchat {string.Join(' ', arguments)}");
        return (exit, client.Status);
    }

    private static string LastLine(string status) => status.TrimEnd().Split('\n')[^1].TrimEnd('\r');
}
