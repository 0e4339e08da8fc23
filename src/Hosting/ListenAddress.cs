using System.Net;

namespace LogChat.Hosting;

/// <summary>The local address a configured listen URL binds: <c>localhost</c> or an IP literal, taken as written.</summary>
public static class ListenAddress
{
    /// <summary>
    /// The address of <paramref name="url"/> (<c>0.0.0.0</c> binds every IPv4 interface, <c>[::]</c> every IPv6 one);
    /// <paramref name="setting"/> names the configuration key in the error a DNS name gets.
    /// </summary>
    public static IPAddress Of(Uri url, string setting)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.IsLoopback && url.HostNameType == UriHostNameType.Dns)
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
            ? address
            : throw new InvalidOperationException($"{setting} must name an IP address or localhost to listen on, not '{url.Host}'.");
    }
}
