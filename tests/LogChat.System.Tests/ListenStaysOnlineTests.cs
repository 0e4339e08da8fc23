using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary><c>logchat listen</c> without <c>--once</c>, as real processes: online until the user leaves.</summary>
[Trait("Category", "Postgres")]
public sealed class ListenStaysOnlineTests
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_listen_takes_two_chats_in_a_row_and_leaves_on_quit()
    {
        await using var rig = await ChatRig.StartAsync();
        using var alice = await ListenAsAliceAsync(rig);

        await ChatOnceAsync(rig, alice, "bob");
        await Eventually.TrueAsync(() => Count(alice.Status, "Waiting for chat requests") == 2, "alice waiting again");
        Assert.False(alice.HasExited, alice.Status);
        await ChatOnceAsync(rig, alice, "carol");
        await Eventually.TrueAsync(() => Count(alice.Status, "Waiting for chat requests") == 3, "alice waiting a third time");

        await alice.SendAsync("/quit");
        Assert.Equal(0, await alice.WaitForExitAsync(ExitPatience));
        Assert.Contains("Left: offline now.", alice.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_during_a_chat_is_declined_as_busy_and_the_requester_is_told()
    {
        await using var rig = await ChatRig.StartAsync();
        using var alice = await ListenAsAliceAsync(rig);
        using var bob = rig.Start("bob", "chat", "alice");
        await alice.WaitForStatusAsync("Chatting with bob");

        using var carol = rig.Start("carol", "chat", "alice");
        Assert.Equal(1, await carol.WaitForExitAsync(ExitPatience));
        Assert.Contains("alice is busy in another chat", carol.Status, StringComparison.Ordinal);

        await bob.SendAsync("still with you");
        await alice.WaitForLineAsync("bob: still with you");
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync(ExitPatience));
        alice.CloseInput();
        Assert.Equal(0, await alice.WaitForExitAsync(ExitPatience));
    }

    // Registers alice, bob and carol, and starts alice listening (staying online).
    private static async Task<ClientProcess> ListenAsAliceAsync(ChatRig rig)
    {
        foreach (var user in new[] { "alice", "bob", "carol" })
        {
            await rig.RegisterAsync(user);
        }

        var alice = rig.Start("alice", "listen", "--accept-all");
        try
        {
            await alice.WaitForStatusAsync("Waiting for chat requests");
            return alice;
        }
        catch
        {
            alice.Dispose();
            throw;
        }
    }

    private static async Task ChatOnceAsync(ChatRig rig, ClientProcess alice, string user)
    {
        using var peer = rig.Start(user, "chat", "alice");
        await peer.WaitForStatusAsync("Chatting with alice");
        await peer.SendAsync($"hello from {user}");
        await alice.WaitForLineAsync($"{user}: hello from {user}");
        await alice.SendAsync($"hello {user}");
        await peer.WaitForLineAsync($"alice: hello {user}");
        peer.CloseInput();
        Assert.Equal(0, await peer.WaitForExitAsync(ExitPatience));
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}
