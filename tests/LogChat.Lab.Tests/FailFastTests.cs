using LogChat.Lab.Tests.Network;
using Xunit.Abstractions;

namespace LogChat.Lab.Tests;

/// <summary>
/// A dialler that cannot reach the host tells the coordinator at once, which sends both sides to the relay: the chat
/// runs there, long before the host's own wait for a dialler would run out.
/// </summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class FailFastTests(LabFixture lab, ITestOutputHelper output)
{
    [Fact]
    public async Task When_the_dialler_cannot_reach_the_host_the_chat_falls_back_to_the_relay()
    {
        var (host, dialler) = (lab.Public1, lab.Public2);
        // The host passes the coordinator's dial-back, but drops everything the dialler sends it.
        var firewall = $"add table inet failfast\nadd chain inet failfast input {{ type filter hook input priority 0; }}\n"
            + $"add rule inet failfast input ip saddr {dialler.Host.Address} tcp flags syn drop\n";
        await HostCommand.InNamespaceAsync(host.Host.Namespace, ["nft", "-f", "-"], firewall);
        try
        {
            var timings = await LabChat.RunAsync(lab, host, dialler, "relayed");

            output.WriteLine($"{host} > {dialler} (direct dial dropped, then relayed): {timings}");
        }
        finally
        {
            await HostCommand.InNamespaceAsync(host.Host.Namespace, ["nft", "delete", "table", "inet", "failfast"]);
        }
    }
}
