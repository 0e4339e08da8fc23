namespace LogChat.Client.Peer;

/// <summary>Where a dialler finds the host, and the TLS certificate it must accept there and no other.</summary>
/// <param name="Address">An IP literal or DNS name.</param>
/// <param name="Port">The listener's TCP port (1-65535).</param>
/// <param name="CertificateSha256">SHA-256 of the host's certificate (DER), 32 bytes.</param>
public sealed record HostEndpoint(string Address, int Port, byte[] CertificateSha256)
{
    /// <summary>The host's own addresses, to try first on <see cref="Port"/> when both sides sit behind one router.</summary>
    public IReadOnlyList<string> LanAddresses { get; init; } = [];
}
