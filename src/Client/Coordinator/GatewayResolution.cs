using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LogChat.Client.Coordinator;

/// <summary>
/// Turns the configured coordinator URLs into gateways to dial: an IP literal is one gateway; a host name that
/// resolves to several addresses is one gateway per address, shuffled so that clients spread over them.
/// </summary>
internal static class GatewayResolution
{
    public static async Task<IReadOnlyList<GatewayEndpoint>> ResolveAsync(IReadOnlyList<Uri> addresses, CancellationToken cancellationToken)
    {
        var endpoints = new List<GatewayEndpoint>();
        foreach (var address in addresses)
        {
            foreach (var endpoint in await ResolveOneAsync(address, cancellationToken).ConfigureAwait(false))
            {
                if (!endpoints.Contains(endpoint))
                {
                    endpoints.Add(endpoint);
                }
            }
        }

        return endpoints;
    }

    private static async Task<IReadOnlyList<GatewayEndpoint>> ResolveOneAsync(Uri address, CancellationToken cancellationToken)
    {
        if (address.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return [new GatewayEndpoint(address, null)];
        }

        IPAddress[] resolved;
        try
        {
            resolved = await Dns.GetHostAddressesAsync(address.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // Unknown for now: dialling the URL itself reports the failure, and the next round resolves again.
            return [new GatewayEndpoint(address, null)];
        }

        // Plaintext is allowed only to this machine, whatever the name resolves to.
        var usable = address.Scheme == Uri.UriSchemeHttp ? resolved.Where(IPAddress.IsLoopback).ToArray() : resolved;
        if (usable.Length <= 1)
        {
            return [new GatewayEndpoint(address, null)];
        }

        RandomNumberGenerator.Shuffle(usable.AsSpan());
        return [.. usable.Select(ip => new GatewayEndpoint(address, ip))];
    }
}
