using System.Net;

namespace LogChat.Client.Coordinator;

/// <summary>
/// One gateway the client can dial: a coordinator URL and, when its host name resolved to several addresses, the one
/// address this endpoint connects to (TLS still checks the certificate against the URL's host name).
/// </summary>
/// <param name="Address">The coordinator URL as the user gave it.</param>
/// <param name="Pinned">The resolved address to connect to, or null to let the URL's host resolve as usual.</param>
public sealed record GatewayEndpoint(Uri Address, IPAddress? Pinned)
{
    /// <summary>How status lines name this gateway: host and port, and the pinned address if any.</summary>
    public override string ToString() =>
        Pinned is null ? Address.Authority : $"{Address.Authority} ({Pinned})";
}
