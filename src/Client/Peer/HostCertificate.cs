using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LogChat.Client.Peer;

/// <summary>
/// The host's TLS certificate for one session: self-signed, ECDSA P-256, fresh each time. Nobody checks
/// its name or chain; the dialler pins its SHA-256 fingerprint, which reaches it through the coordinator.
/// </summary>
public sealed class HostCertificate : IDisposable
{
    private HostCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Sha256 = SHA256.HashData(certificate.RawData);
    }

    /// <summary>The certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 of the DER certificate: what the dialler pins.</summary>
    public byte[] Sha256 { get; }

    /// <summary>Creates a certificate valid from a few minutes ago (clock skew) for one day.</summary>
    public static HostCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=logchat peer session", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return new HostCertificate(request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)));
    }

    /// <summary>Whether <paramref name="certificate"/> is exactly the one whose fingerprint is <paramref name="pinnedSha256"/> (constant time).</summary>
    public static bool Matches(X509Certificate? certificate, ReadOnlySpan<byte> pinnedSha256)
    {
        if (certificate is null || pinnedSha256.Length != SHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(certificate.GetRawCertData(), actual);
        return CryptographicOperations.FixedTimeEquals(actual, pinnedSha256);
    }

    public void Dispose() => Certificate.Dispose();
}
