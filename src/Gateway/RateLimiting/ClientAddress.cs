using System.Net;
using Grpc.Core;

namespace LogChat.Gateway.RateLimiting;

/// <summary>The network address a call came from, as the gateway observes it.</summary>
public static class ClientAddress
{
    /// <summary>The remote IP address in text form (IPv4 mapped into IPv6 is shown as IPv4).</summary>
    public static string Of(ServerCallContext context)
    {
        var remote = context.GetHttpContext().Connection.RemoteIpAddress ?? IPAddress.Loopback;
        return (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
    }
}
