using System.Text;
using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>The trust path with a real coordinator: first contact, a pin from an earlier chat, a verified key.</summary>
[Trait("Category", "Postgres")]
public sealed class TrustAcrossProcessesTests
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_first_contact_reads_as_new_then_as_pinned_earlier_and_verified_after_trust_with_the_safety_number()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync();
        await rig.Bob!.WaitForStatusAsync("Chatting with alice (new contact");
        await rig.Alice!.WaitForStatusAsync("Chatting with bob (new contact");
        await EndChatAsync(rig.Alice, rig.Bob);

        using var verify = rig.Start("bob", "verify", "alice");
        verify.CloseInput();
        Assert.Equal(0, await verify.WaitForExitAsync(ExitPatience));
        var number = verify.Lines.Single(line => line.StartsWith("Safety number with alice: ", StringComparison.Ordinal))["Safety number with alice: ".Length..];
        using (var wrong = rig.Start("bob", "trust", "alice", "--safety-number", "12345"))
        {
            wrong.CloseInput();
            Assert.NotEqual(0, await wrong.WaitForExitAsync(ExitPatience));
        }

        using (var trust = rig.Start("bob", "trust", "alice", "--safety-number", number))
        {
            trust.CloseInput();
            Assert.Equal(0, await trust.WaitForExitAsync(ExitPatience));
        }

        using var alice = rig.Start("alice", "listen", "--once", "--accept-all");
        await alice.WaitForStatusAsync("Waiting for chat requests");
        using var bob = rig.Start("bob", "chat", "alice");
        await bob.WaitForStatusAsync("Chatting with alice (verified");
        await alice.WaitForStatusAsync("Chatting with bob (not verified: key pinned earlier");
        await EndChatAsync(alice, bob);
    }

    [Fact]
    public async Task The_password_never_crosses_the_wire_and_a_peer_cannot_write_escape_sequences_to_the_other_side()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync();

        await rig.Bob!.SendAsync("\u001b]0;owned\u0007\u001b[2Jhello alice");
        await rig.Alice!.WaitForLineAsync("bob: \uFFFD]0;owned\uFFFD\uFFFD[2Jhello alice");
        await EndChatAsync(rig.Alice, rig.Bob);

        Assert.DoesNotContain(rig.Alice.Lines, line => line.Contains('\u001b', StringComparison.Ordinal));
        var wire = rig.Relay.RecordedBytes();
        Assert.NotEqual(-1, wire.AsSpan().IndexOf("alice"u8));
        foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
        {
            Assert.Equal(-1, wire.AsSpan().IndexOf(encoding.GetBytes(ClientProcess.Password)));
        }
    }

    private static async Task EndChatAsync(ClientProcess alice, ClientProcess bob)
    {
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync(ExitPatience));
        Assert.Equal(0, await alice.WaitForExitAsync(ExitPatience));
    }
}
