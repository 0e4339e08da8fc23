using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LogChat.Silo.Tests.Cluster;

/// <summary>A throwaway cluster CA made in process, issuing silo certificates as PEM files in a folder of its own.</summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private int _issued;

    public TestCertificateAuthority(string name)
    {
        Folder = Directory.CreateTempSubdirectory("logchat-cluster-ca-").FullName;
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow.AddDays(1));
        CaCertificatePath = Path.Combine(Folder, "ca.crt");
        File.WriteAllText(CaCertificatePath, _certificate.ExportCertificatePem());
    }

    public string Folder { get; }

    /// <summary>The PEM file of the CA's certificate (no key).</summary>
    public string CaCertificatePath { get; }

    /// <summary>Issues a silo certificate for client and server authentication, valid from <paramref name="notBefore"/>.</summary>
    public SiloCertificateFiles Issue(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _issued) + Random.Shared.NextInt64(1, long.MaxValue / 2));
        using var certificate = request.Create(
            _certificate, notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5), notAfter ?? DateTimeOffset.UtcNow.AddHours(12), serial);
        var files = new SiloCertificateFiles(Path.Combine(Folder, $"{name}.crt"), Path.Combine(Folder, $"{name}.key"));
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return files;
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>The PEM files of one silo certificate and its private key.</summary>
internal sealed record SiloCertificateFiles(string CertificatePath, string KeyPath)
{
    /// <summary>The certificate as a peer sees it: without its key.</summary>
    public X509Certificate2 Load()
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(CertificatePath);
        return certificates.Single();
    }
}
