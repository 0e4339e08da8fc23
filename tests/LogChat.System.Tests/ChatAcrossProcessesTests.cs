using System.Text;
using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>Two real <c>logchat</c> processes and a real coordinator on PostgreSQL.</summary>
[Trait("Category", "Postgres")]
public sealed class ChatAcrossProcessesTests
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_clients_chat_both_ways_and_end_of_input_ends_the_session_as_completed()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync();

        await rig.Bob!.SendAsync("hello alice");
        await rig.Alice!.SendAsync("hello bob");
        await rig.Alice.WaitForLineAsync("bob: hello alice");
        await rig.Bob.WaitForLineAsync("alice: hello bob");
        rig.Bob.CloseInput();

        Assert.Equal(0, await rig.Bob.WaitForExitAsync(ExitPatience));
        Assert.Equal(0, await rig.Alice.WaitForExitAsync(ExitPatience));
        Assert.Equal(("ended", "completed"), await rig.SessionAsync());
    }

    [Fact]
    public async Task The_coordinator_never_sees_message_content_on_the_wire_in_its_database_or_in_its_logs()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await using var rig = await ChatRig.StartAsync();
        await ChatWithMarkerAsync(rig, marker);

        var wire = rig.Relay.RecordedBytes();
        Assert.NotEmpty(wire);
        Assert.Equal(-1, wire.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)));
        var dump = await rig.DumpAsync();
        Assert.Contains("alice", dump, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientProcess.Password, dump, StringComparison.Ordinal);

        var log = rig.Gateway.Log;
        Assert.Contains("\"LogLevel\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, log, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientProcess.Password, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neither_client_writes_message_text_or_the_password_into_its_profile()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await using var rig = await ChatRig.StartAsync();
        await ChatWithMarkerAsync(rig, marker);

        var files = rig.ProfileFiles().ToList();
        Assert.Contains(files, file => file.Path.EndsWith("identity.key", StringComparison.Ordinal));
        foreach (var secret in new[] { marker, ClientProcess.Password })
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var needle = encoding.GetBytes(secret);
                Assert.All(files, file => Assert.True(file.Bytes.AsSpan().IndexOf(needle) < 0, $"{file.Path} holds what was typed"));
            }
        }
    }

    [Fact]
    public async Task Messages_still_flow_after_the_coordinator_is_killed_mid_chat()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync();
        await rig.Bob!.SendAsync("before");
        await rig.Alice!.WaitForLineAsync("bob: before");

        rig.Gateway.Kill();
        await rig.Bob.SendAsync("after the coordinator died");
        await rig.Alice.SendAsync("still here");

        await rig.Alice.WaitForLineAsync("bob: after the coordinator died");
        await rig.Bob.WaitForLineAsync("alice: still here");
        rig.Bob.CloseInput();
        Assert.Equal(0, await rig.Bob.WaitForExitAsync(ExitPatience));
        Assert.Equal(0, await rig.Alice.WaitForExitAsync(ExitPatience));
    }

    [Fact]
    public async Task When_one_client_is_killed_the_other_ends_the_session_within_the_heartbeat_window_and_records_why()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync("--heartbeat-interval", "0.5", "--heartbeat-window", "6");

        rig.Bob!.Kill();

        Assert.Equal(3, await rig.Alice!.WaitForExitAsync(TimeSpan.FromSeconds(6 + 10)));
        await Eventually.TrueAsync(async () => (await rig.SessionAsync()).State == "ended", "the session row to end");
        var (_, reason) = await rig.SessionAsync();
        Assert.Contains(reason, new[] { "peer_disconnected", "heartbeat_timeout" });
    }

    // A whole chat in which each side sends a line with the marker, ended by bob's end of input.
    private static async Task ChatWithMarkerAsync(ChatRig rig, string marker)
    {
        await rig.StartChatAsync();
        await rig.Bob!.SendAsync(marker + " from bob");
        await rig.Alice!.SendAsync(marker + " from alice");
        await rig.Alice.WaitForLineAsync($"bob: {marker} from bob");
        await rig.Bob.WaitForLineAsync($"alice: {marker} from alice");
        rig.Bob.CloseInput();
        Assert.Equal(0, await rig.Bob.WaitForExitAsync(ExitPatience));
        Assert.Equal(0, await rig.Alice.WaitForExitAsync(ExitPatience));
    }
}
