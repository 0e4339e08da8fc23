using System.Diagnostics;
using System.Globalization;
using LogChat.Testing;
using Xunit.Abstractions;

namespace LogChat.System.Tests;

/// <summary>Revocation holds cluster-wide: a login ended through one gateway ends the event stream another gateway holds.</summary>
[Trait("Category", "Postgres")]
[Collection(ClusterCollection.Name)]
public sealed class RevocationAcrossGatewaysTests(ITestOutputHelper output)
{
    private static readonly TimeSpan EndDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Logout_everywhere_through_gateway_B_ends_a_listening_client_on_gateway_A_within_seconds()
    {
        await using var rig = await ClusterRig.StartAsync();
        await rig.RegisterAsync("dave", "erin");
        var dave = await rig.ListenAsync("dave", rig.GatewayA.Url);
        var erin = await rig.ListenAsync("erin", rig.GatewayA.Url);
        Assert.NotNull(await rig.GatewayOfAsync("dave"));

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await rig.RunAsync("dave", rig.GatewayB.Url, "logout", "--everywhere"));
        var loggedOut = clock.Elapsed;

        Assert.NotEqual(0, await dave.WaitForExitAsync(EndDeadline));
        var ended = clock.Elapsed - loggedOut;
        output.WriteLine($"dave's stream on gateway A ended {ended.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s after logout --everywhere returned through gateway B.");
        Assert.Contains("log in again", dave.Status, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await rig.GatewayOfAsync("dave") is null, "dave to go offline");
        Assert.False(erin.HasExited, erin.Status);
        Assert.NotNull(await rig.GatewayOfAsync("erin"));
    }
}
