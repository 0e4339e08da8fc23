using System.Diagnostics;
using LogChat.Lab.Tests.Network;

namespace LogChat.Lab.Tests;

/// <summary>A lab leaves nothing behind: no namespace, no process, also after a run that was killed.</summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class LabTeardownTests
{
    [Fact]
    public async Task Disposing_a_lab_removes_every_namespace_it_made_and_ends_the_processes_running_in_them()
    {
        var network = await NetworkLab.CreateAsync([new("pub", SiteKind.Public), new("home", SiteKind.Cone, Clients: 2)]);
        var made = network.Namespaces.ToList();
        using var straggler = Process.Start("ip", ["netns", "exec", network.Site("home").Clients[1].Namespace, "sleep", "600"]);
        Assert.Equal(6, made.Count); // internet, server, pub, home-router, home-1, home-2
        Assert.Subset((await NetworkLab.ListNamespacesAsync()).ToHashSet(), made.ToHashSet());

        await network.DisposeAsync();

        Assert.Empty((await NetworkLab.ListNamespacesAsync()).Intersect(made));
        Assert.True(straggler.WaitForExit(TimeSpan.FromSeconds(10)), "A process in a lab namespace outlived the lab.");
    }

    [Fact]
    public async Task The_namespaces_of_a_killed_run_are_removed_and_those_of_a_live_run_are_kept()
    {
        using var ended = Process.Start("true")!;
        await ended.WaitForExitAsync();
        var leftover = $"lclab-{ended.Id}-1-internet";
        var live = $"lclab-{Environment.ProcessId}-999-internet";
        await HostCommand.IpAsync("netns", "add", leftover);
        await HostCommand.IpAsync("netns", "add", live);
        try
        {
            await NetworkLab.RemoveLeftoversAsync();

            var remaining = await NetworkLab.ListNamespacesAsync();
            Assert.DoesNotContain(leftover, remaining);
            Assert.Contains(live, remaining);
        }
        finally
        {
            foreach (var name in (await NetworkLab.ListNamespacesAsync()).Intersect([leftover, live]))
            {
                await HostCommand.IpAsync("netns", "delete", name);
            }
        }
    }
}
