using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace LogChat.Client.Peer;

/// <summary>
/// The one TLS certificate a dialler accepts: the one whose SHA-256 fingerprint the coordinator relayed (no CA, no name
/// check, no fallback). It remembers turning a certificate away, so that a failed dial can say why it failed.
/// </summary>
public sealed class CertificatePin
{
    private readonly byte[] _sha256;
    private int _refused;

    /// <param name="certificateSha256">SHA-256 of the host's DER certificate; copied.</param>
    public CertificatePin(byte[] certificateSha256)
    {
        ArgumentNullException.ThrowIfNull(certificateSha256);
        _sha256 = certificateSha256.ToArray();
    }

    /// <summary>Whether a host presented a certificate other than the pinned one.</summary>
    public bool RefusedACertificate => Volatile.Read(ref _refused) != 0;

    /// <summary>
    /// TLS client options that pass exactly the pinned certificate, over TLS 1.3 only (docs/protocol.md, "TLS profile"):
    /// one version for every peer, with forward secrecy and an encrypted certificate.
    /// </summary>
    public SslClientAuthenticationOptions ClientOptions() => new()
    {
        EnabledSslProtocols = SslProtocols.Tls13,
        RemoteCertificateValidationCallback = Validate,
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var matches = HostCertificate.Matches(certificate, _sha256);
        if (!matches)
        {
            Volatile.Write(ref _refused, 1);
        }

        return matches;
    }
}
