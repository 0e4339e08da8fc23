using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using LogChat.Client.Peer;

namespace LogChat.Client.Tests.Peer;

/// <summary>Where a host's listener accepts connections, by default and when told.</summary>
public sealed class PeerListenerBindingTests
{
    [Fact]
    public async Task By_default_the_listener_accepts_on_every_address_of_the_machine_ipv4_and_ipv6()
    {
        await using var listener = await PeerListener.StartAsync(PeerOptions.Default.ListenAddress, 0, CancellationToken.None);

        var addresses = OtherAddresses().Append(IPAddress.Loopback).ToList();
        if (Socket.OSSupportsIPv6)
        {
            addresses.Add(IPAddress.IPv6Loopback);
        }

        foreach (var address in addresses)
        {
            Assert.True(await AcceptsAsync(address, listener.Port), $"The listener refused a connection to {address}.");
        }
    }

    [Fact]
    public async Task A_listener_told_to_bind_loopback_refuses_the_machine_s_other_addresses()
    {
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);

        Assert.True(await AcceptsAsync(IPAddress.Loopback, listener.Port));
        foreach (var address in OtherAddresses())
        {
            Assert.False(await AcceptsAsync(address, listener.Port), $"A loopback listener accepted a connection to {address}.");
        }
    }

    // IPv4 addresses of this machine other than 127.0.0.1: 127.0.0.2 (Linux routes all of 127.0.0.0/8 to itself) and
    // those of its interfaces that are up.
    private static IEnumerable<IPAddress> OtherAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.OperationalStatus == OperationalStatus.Up)
            .SelectMany(network => network.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            .Append(IPAddress.Parse("127.0.0.2"));

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var probe = new TcpClient(address.AddressFamily);
        try
        {
            await probe.ConnectAsync(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
