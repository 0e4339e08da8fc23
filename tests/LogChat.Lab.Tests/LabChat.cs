using System.Diagnostics;
using System.Globalization;

namespace LogChat.Lab.Tests;

/// <summary>
/// One chat in the lab with default settings: the responder runs <c>logchat listen --accept-all</c>, the initiator
/// <c>logchat chat RESPONDER</c>; each sends a line and must print the other's, then the initiator ends the chat and
/// both exit cleanly.
/// </summary>
internal static class LabChat
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs the chat and returns how long it took from starting <c>chat</c>; with <paramref name="path"/>, both sides must
    /// say they chat over that path.
    /// </summary>
    public static async Task<ChatTimings> RunAsync(LabFixture lab, LabClient initiator, LabClient responder, string? path = null)
    {
        var listening = lab.Start(responder, "listen", "--once", "--accept-all");
        await listening.WaitForStatusAsync("Waiting for chat requests");

        var clock = Stopwatch.StartNew();
        var chatting = lab.Start(initiator, "chat", responder.Username);
        try
        {
            await chatting.WaitForStatusAsync($"Chatting with {responder}");
            var connected = clock.Elapsed;
            if (path is not null)
            {
                await chatting.WaitForStatusAsync($"path: {path})");
                await listening.WaitForStatusAsync($"path: {path})");
            }

            var fromInitiator = $"hello {responder}, this is {initiator}";
            var fromResponder = $"hello {initiator}, {responder} here";
            await chatting.SendAsync(fromInitiator);
            await listening.SendAsync(fromResponder);
            await listening.WaitForLineAsync($"{initiator}: {fromInitiator}");
            var firstMessage = clock.Elapsed;
            await chatting.WaitForLineAsync($"{responder}: {fromResponder}");

            chatting.CloseInput();
            Assert.Equal(0, await chatting.WaitForExitAsync(ExitPatience));
            Assert.Equal(0, await listening.WaitForExitAsync(ExitPatience));
            return new ChatTimings(connected, firstMessage);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(
                $"The chat {initiator} > {responder} failed: {ex.Message}\n{initiator} ({initiator.Host.Address}) said:\n{chatting.Status}\n"
                + $"{responder} ({responder.Host.Address}) said:\n{listening.Status}",
                ex);
        }
    }
}

/// <summary>Times from starting <c>chat</c>: until it said it is chatting, and until the peer printed its first line.</summary>
internal sealed record ChatTimings(TimeSpan Connected, TimeSpan FirstMessage)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"chatting after {Connected.TotalMilliseconds:0} ms, first message after {FirstMessage.TotalMilliseconds:0} ms (from starting `chat`)");
}
