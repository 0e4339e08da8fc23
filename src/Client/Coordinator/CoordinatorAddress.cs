using System.Net;

namespace LogChat.Client.Coordinator;

/// <summary>
/// A coordinator URL the client is willing to use: https anywhere, plain http (h2c) only to a loopback
/// address, because a bearer token and the introductions must never cross a network in the clear.
/// </summary>
public static class CoordinatorAddress
{
    /// <summary>The development default: a coordinator on this machine.</summary>
    public const string Default = "http://127.0.0.1:50051";

    /// <summary>Parses and checks <paramref name="url"/>; throws <see cref="InsecureTransportException"/> for plaintext to a non-loopback host.</summary>
    public static Uri Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not a coordinator URL: use https://host:port (or http:// for a coordinator on this machine).", nameof(url));
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw new InsecureTransportException(
                $"Refusing plaintext http:// to {uri.Host}: it is not a loopback address. Use https:// for a coordinator on another machine.");
        }

        return uri;
    }

    /// <summary>Whether <paramref name="uri"/> names this machine (localhost or a loopback IP literal).</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address);
    }
}
