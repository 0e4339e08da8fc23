using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LogChat.Lab.Tests;

/// <summary>
/// A certificate authority made for one lab and a gateway certificate it signed for the gateway's IP address, as
/// files: the CA as PEM (what clients trust through <c>SSL_CERT_FILE</c>) and the gateway's certificate and key as
/// a password-protected PFX (what <c>LogChat:Gateway:CertificatePath</c> takes).
/// </summary>
internal static class ThrowawayCa
{
    /// <summary>Writes <c>ca.pem</c> and <c>gateway.pfx</c> into <paramref name="folder"/>.</summary>
    public static (string CaPem, string GatewayPfx) Write(string folder, IPAddress gatewayAddress, string pfxPassword)
    {
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=LogChat lab CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var gatewayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var gatewayRequest = new CertificateRequest($"CN={gatewayAddress}", gatewayKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(gatewayAddress);
        gatewayRequest.CertificateExtensions.Add(names.Build());
        gatewayRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        gatewayRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        gatewayRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "serverAuth")], false));
        gatewayRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = gatewayRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var gateway = signed.CopyWithPrivateKey(gatewayKey);

        var caPem = Path.Combine(folder, "ca.pem");
        var gatewayPfx = Path.Combine(folder, "gateway.pfx");
        File.WriteAllText(caPem, ca.ExportCertificatePem());
        File.WriteAllBytes(gatewayPfx, gateway.Export(X509ContentType.Pfx, pfxPassword));
        return (caPem, gatewayPfx);
    }
}
