namespace LogChat.System.Tests;

/// <summary>Real <c>logchat</c> processes measuring their reachability against a real coordinator, which dials them back on loopback.</summary>
[Trait("Category", "Postgres")]
public sealed class ReachabilityAcrossProcessesTests
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_prints_what_the_coordinator_measured_and_the_next_run_reuses_the_fresh_measurement()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.RegisterAsync("alice");

        var (first, _) = await StatusAsync(rig, "alice");

        Assert.Contains("Observed address: 127.0.0.1", first, StringComparison.Ordinal);
        Assert.Contains("NAT type:         none", first, StringComparison.Ordinal);
        Assert.Contains($"Reachable:        yes: the coordinator connected to port {rig.ListenPortOf("alice")}", first, StringComparison.Ordinal);
        Assert.Contains($"Listen port:      {rig.ListenPortOf("alice")}", first, StringComparison.Ordinal);
        Assert.DoesNotContain("by an earlier run", first, StringComparison.Ordinal);
        Assert.Equal(("none", true, true), await rig.PresenceAsync("alice"));

        var (second, _) = await StatusAsync(rig, "alice");

        Assert.Contains("by an earlier run", second, StringComparison.Ordinal);
        Assert.Contains("Reachable:        yes", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_process_of_a_profile_whose_port_is_taken_listens_on_another_and_is_still_reachable()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.RegisterAsync("alice");
        using var listening = rig.Start("alice", "listen", "--accept-all");
        await listening.WaitForStatusAsync("Waiting for chat requests");

        var (report, status) = await StatusAsync(rig, "alice");

        Assert.Contains($"The listen port {rig.ListenPortOf("alice")} could not be used", status, StringComparison.Ordinal);
        Assert.Contains("Reachable:        yes", report, StringComparison.Ordinal);
        Assert.DoesNotContain($"Listen port:      {rig.ListenPortOf("alice")}", report, StringComparison.Ordinal);
        Assert.False(listening.HasExited);
    }

    [Fact]
    public async Task A_client_that_never_hosts_chats_through_the_measured_listener_of_the_other_side()
    {
        await using var rig = await ChatRig.StartAsync();
        await rig.StartChatAsync([], ["--no-inbound"]);

        Assert.Equal(rig.ListenPortOf("alice"), await rig.HostPortAsync());
        Assert.Contains("Not accepting connections (--no-inbound)", rig.Bob!.Status, StringComparison.Ordinal);
        Assert.Contains("Peers can reach this machine at 127.0.0.1", rig.Alice!.Status, StringComparison.Ordinal);
        await rig.Bob.SendAsync("hello from behind");
        await rig.Alice.WaitForLineAsync("bob: hello from behind");
        rig.Bob.CloseInput();
        Assert.Equal(0, await rig.Bob.WaitForExitAsync(ExitPatience));
        Assert.Equal(0, await rig.Alice.WaitForExitAsync(ExitPatience));
    }

    // Runs `logchat status` for `user`: what it printed on stdout and on stderr.
    private static async Task<(string Report, string Status)> StatusAsync(ChatRig rig, string user)
    {
        using var status = rig.Start(user, "status");
        status.CloseInput();
        var exitCode = await status.WaitForExitAsync(ExitPatience);
        Assert.True(exitCode == 0, $"logchat status exited with {exitCode}:\n{status.Status}");
        return (string.Join('\n', status.Lines), status.Status);
    }
}
