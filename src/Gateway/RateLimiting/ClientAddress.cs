using System.Net;
using Grpc.Core;

namespace LogChat.Gateway.RateLimiting;

/// <summary>The network address a call came from, as the gateway observes it.</summary>
public static class ClientAddress
{
    /// <summary>The remote IP address in text form (IPv4 mapped into IPv6 is shown as IPv4).</summary>
    public static string Of(ServerCallContext context) => IpOf(context).ToString();

    /// <summary>The remote IP address (IPv4 mapped into IPv6 is given as IPv4).</summary>
    public static IPAddress IpOf(ServerCallContext context)
    {
        var remote = context.GetHttpContext().Connection.RemoteIpAddress ?? IPAddress.Loopback;
        return remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
    }

    /// <summary>The remote address as a rate limit counts it: an IPv4 address, or the /64 network of an IPv6 one.</summary>
    public static string NetworkOf(ServerCallContext context)
    {
        var address = IpOf(context);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
