namespace LogChat.Grains.Sessions;

/// <summary>
/// Where the host's listener accepts, and the SHA-256 of its TLS certificate to pin; for a dialler on the host's LAN,
/// also the host's own addresses to try first (with the same port).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HostEndpoint(
    [property: Id(0)] string Address,
    [property: Id(1)] int Port,
    [property: Id(2)] byte[] CertificateSha256)
{
    [Id(3)]
    public IReadOnlyList<string> LanAddresses { get; init; } = [];
}
