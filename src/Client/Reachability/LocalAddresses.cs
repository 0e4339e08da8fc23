using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace LogChat.Client.Reachability;

/// <summary>
/// This machine's own interface addresses, which the coordinator compares with the address it observes (equal: no NAT).
/// Link-local addresses are left out (they never reach a gateway), and so is everything beyond the coordinator's limit.
/// </summary>
public static class LocalAddresses
{
    /// <summary>The most addresses the coordinator accepts in one request.</summary>
    public const int Limit = 16;

    /// <summary>Up to <see cref="Limit"/> addresses, global ones before loopback.</summary>
    public static IReadOnlyList<string> Find() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(network => network.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
                && !address.IsIPv6LinkLocal
                && !IsIPv4LinkLocal(address))
            .OrderBy(IPAddress.IsLoopback)
            .Select(address => address.ToString())
            .Distinct()
            .Take(Limit)
            .ToList();

    private static bool IsIPv4LinkLocal(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..];
}
