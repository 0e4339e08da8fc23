using System.Diagnostics;
using LogChat.Lab.Tests.Network;
using Xunit.Abstractions;

namespace LogChat.Lab.Tests;

/// <summary>
/// A relay that dies in the middle of a chat ends it on both sides within the heartbeat window, and each side says the
/// connection was lost and that it went through the relay.
/// </summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class RelayLossTests(LabFixture lab, ITestOutputHelper output)
{
    // The heartbeat window is 10 s; the relay's death closes both connections, so neither side should need all of it.
    private static readonly TimeSpan HeartbeatWindow = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task When_the_relay_dies_mid_chat_both_sides_end_the_chat_with_the_reason()
    {
        var (initiator, responder) = lab.PairOf(SiteKind.Symmetric, SiteKind.Symmetric);
        using var listening = lab.Start(responder, "listen", "--accept-all");
        await listening.WaitForStatusAsync("Waiting for chat requests");
        using var chatting = lab.Start(initiator, "chat", responder.Username);
        try
        {
            await chatting.WaitForStatusAsync("path: relayed)");
            await listening.WaitForStatusAsync("path: relayed)");
            await chatting.SendAsync("before the relay goes");
            await listening.WaitForLineAsync($"{initiator}: before the relay goes");

            var clock = Stopwatch.StartNew();
            lab.Relay.Kill();

            await Task.WhenAll(
                chatting.WaitForStatusAsync("The chat went through the relay"),
                listening.WaitForStatusAsync("The chat went through the relay"));
            output.WriteLine($"both ended {clock.ElapsedMilliseconds} ms after the relay was killed:\n{chatting.Status}\n{listening.Status}");
            Assert.True(clock.Elapsed < HeartbeatWindow, $"the chat ended only after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Contains($"The connection to {responder}", chatting.Status, StringComparison.Ordinal);
            Assert.Contains($"The connection to {initiator}", listening.Status, StringComparison.Ordinal);
        }
        finally
        {
            await lab.Relay.StartAgainAsync();
        }
    }
}
