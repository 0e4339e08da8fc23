using System.Net;
using LogChat.Testing;

namespace LogChat.Lab.Tests.Network;

/// <summary>One machine of the lab: a network namespace and its address there.</summary>
/// <param name="Name">The machine's name in the lab (a site name, with a number behind a router).</param>
/// <param name="Namespace">The network namespace it runs in.</param>
/// <param name="Address">Its own address: public on the internet, private behind a router.</param>
public sealed record LabHost(string Name, string Namespace, IPAddress Address)
{
    /// <summary>Starts programs on this machine.</summary>
    public ProcessLauncher Launcher => ProcessLauncher.InNetworkNamespace(Namespace);

    /// <summary>Whether something listens on TCP <paramref name="port"/> on this machine.</summary>
    public async Task<bool> IsListeningAsync(int port) =>
        (await HostCommand.InNamespaceAsync(Namespace, ["ss", "-Hlnt", $"sport = :{port}"])).Trim().Length > 0;
}
