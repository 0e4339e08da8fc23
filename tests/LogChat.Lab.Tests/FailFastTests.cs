using LogChat.Lab.Tests.Network;
using Xunit.Abstractions;

namespace LogChat.Lab.Tests;

/// <summary>
/// A dialler that cannot reach the host tells the coordinator at once, and the host stops waiting with the reason,
/// long before its own wait for a dialler would run out.
/// </summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class FailFastTests(LabFixture lab, ITestOutputHelper output)
{
    // The host's own wait for its dialler is 60 s; the dialler gives up after its 10 s connect timeout.
    private static readonly TimeSpan WellBeforeTheHostsOwnWait = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task When_the_dialler_cannot_reach_the_host_the_host_learns_why_at_once()
    {
        var (host, dialler) = (lab.Public1, lab.Public2);
        // The host passes the coordinator's dial-back, but drops everything the dialler sends it.
        var firewall = $"add table inet failfast\nadd chain inet failfast input {{ type filter hook input priority 0; }}\n"
            + $"add rule inet failfast input ip saddr {dialler.Host.Address} tcp flags syn drop\n";
        await HostCommand.InNamespaceAsync(host.Host.Namespace, ["nft", "-f", "-"], firewall);
        try
        {
            using var listening = lab.Start(dialler, "listen", "--accept-all");
            await listening.WaitForStatusAsync("Waiting for chat requests");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var chatting = lab.Start(host, "chat", dialler.Username);
            chatting.CloseInput();

            Assert.NotEqual(0, await chatting.WaitForExitAsync(WellBeforeTheHostsOwnWait));
            output.WriteLine($"{host} gave up after {clock.Elapsed.TotalSeconds:0.0} s:\n{chatting.Status}");
            Assert.Contains($"reported by {dialler}", chatting.Status, StringComparison.Ordinal);
            Assert.Contains("Could not reach the host", chatting.Status, StringComparison.Ordinal);
        }
        finally
        {
            await HostCommand.InNamespaceAsync(host.Host.Namespace, ["nft", "delete", "table", "inet", "failfast"]);
        }
    }
}
