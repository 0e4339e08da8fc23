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

    /// <summary>
    /// Parses every coordinator URL of <paramref name="values"/>, each one or several separated by commas, in order
    /// and without repeats; throws like <see cref="Parse"/> for a bad one and <see cref="ArgumentException"/> for none.
    /// </summary>
    public static IReadOnlyList<Uri> ParseList(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var urls = values
            .SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(Parse)
            .Distinct()
            .ToList();
        return urls.Count > 0 ? urls : throw new ArgumentException("Give at least one coordinator URL.", nameof(values));
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
