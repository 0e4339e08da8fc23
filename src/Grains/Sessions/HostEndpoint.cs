namespace LogChat.Grains.Sessions;

/// <summary>Where the host's temporary listener accepts, and the SHA-256 of its TLS certificate to pin.</summary>
[GenerateSerializer, Immutable]
public sealed record HostEndpoint(
    [property: Id(0)] string Address,
    [property: Id(1)] int Port,
    [property: Id(2)] byte[] CertificateSha256);
