using System.Diagnostics;
using System.Globalization;
using LogChat.Testing;
using Xunit.Abstractions;

namespace LogChat.System.Tests;

/// <summary>Two gateway silos and a headless silo on one PostgreSQL, with real logchat clients moving between gateways.</summary>
[Trait("Category", "Postgres")]
[Collection(ClusterCollection.Name)]
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReconnectDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Clients_on_different_gateways_chat_and_a_killed_headless_silo_loses_no_record()
    {
        await using var rig = await ClusterRig.StartAsync();
        await rig.RegisterAsync("alice", "bob");
        var alice = await rig.ListenAsync("alice", rig.PreferA);
        var bob = rig.Chat("bob", "alice", rig.PreferB);
        await bob.WaitForStatusAsync("Chatting with alice");
        await alice.WaitForStatusAsync("Chatting with bob");
        Assert.Contains(Port(rig.GatewayA), await rig.GatewayOfAsync("alice") ?? "offline", StringComparison.Ordinal);
        Assert.Contains(Port(rig.GatewayB), await rig.GatewayOfAsync("bob") ?? "offline", StringComparison.Ordinal);
        var before = await rig.RecordsAsync();
        Assert.Contains(before, row => row.StartsWith("sessions ", StringComparison.Ordinal));

        rig.Headless.Kill();
        await Eventually.TrueAsync(() => rig.IsDeclaredDeadAsync(rig.Headless), "the headless silo to be declared dead");

        Assert.Equal(0, await rig.RunAsync("alice", rig.PreferA, "verify", "bob"));
        Assert.Equal(before, await rig.RecordsAsync());
    }

    [Fact]
    public async Task Clients_of_a_killed_gateway_reconnect_to_the_other_within_ten_seconds_and_can_start_new_chats()
    {
        await using var rig = await ClusterRig.StartAsync();
        await rig.RegisterAsync("alice", "carol");
        var alice = await rig.ListenAsync("alice", rig.PreferA);
        Assert.Contains(Port(rig.GatewayA), await rig.GatewayOfAsync("alice") ?? "offline", StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        rig.GatewayA.Kill();
        await Eventually.TrueAsync(
            () => alice.Status.Contains("Reconnected to the coordinator", StringComparison.Ordinal) || alice.HasExited,
            "alice to reconnect through gateway B",
            ReconnectDeadline);
        var reconnected = clock.Elapsed;
        output.WriteLine($"alice reconnected {reconnected.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s after gateway A was killed.");
        Assert.False(alice.HasExited, alice.Status);
        Assert.True(reconnected < ReconnectDeadline, $"Reconnected after {reconnected}.");

        // Until the cluster declares gateway A dead, calls that need its grains answer UNAVAILABLE (docs/operations.md,
        // "Failover"), and carol's RequestChat is not one a client may send twice.
        await Eventually.TrueAsync(() => rig.IsDeclaredDeadAsync(rig.GatewayA), "gateway A to be declared dead");
        var carol = rig.Chat("carol", "alice", rig.GatewayB.Url);
        await carol.WaitForStatusAsync("Chatting with alice");
        await alice.WaitForStatusAsync("Chatting with carol");
        Assert.Contains(Port(rig.GatewayB), await rig.GatewayOfAsync("alice") ?? "offline", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_stopped_with_SIGTERM_moves_its_clients_to_the_other_without_an_error()
    {
        await using var rig = await ClusterRig.StartAsync();
        await rig.RegisterAsync("alice", "dave");
        var alice = await rig.ListenAsync("alice", rig.PreferA);
        Assert.Contains(Port(rig.GatewayA), await rig.GatewayOfAsync("alice") ?? "offline", StringComparison.Ordinal);

        rig.GatewayA.Terminate();
        await alice.WaitForStatusAsync("is shutting down; moving to another one");
        await alice.WaitForStatusAsync("Reconnected to the coordinator");
        Assert.Equal(0, await rig.GatewayA.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var dave = rig.Chat("dave", "alice", rig.GatewayB.Url);
        await dave.WaitForStatusAsync("Chatting with alice");
        await alice.WaitForStatusAsync("Chatting with dave");
        Assert.False(alice.HasExited);
        foreach (var error in new[] { "unreachable", "error", "Error", "failed", "Cannot" })
        {
            Assert.DoesNotContain(error, alice.Status, StringComparison.Ordinal);
        }
    }

    /// <summary>The end of a silo address as <c>user_presence.gateway</c> stores it: <c>127.0.0.1:PORT@GENERATION</c>.</summary>
    private static string Port(ClusterMemberProcess gateway) => $":{gateway.SiloPort}@";
}
