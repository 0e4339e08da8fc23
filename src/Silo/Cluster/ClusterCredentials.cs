using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LogChat.Silo.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace LogChat.Silo.Cluster;

/// <summary>
/// The certificate a silo presents to its peers and the rule it judges theirs by: issued by one of the cluster CAs
/// (or, without a CA file, identical to its own). Both sides of every silo connection present a certificate and both
/// check the other's, so a process without the cluster's key can neither join nor be dialled as a member.
/// </summary>
public sealed class ClusterCredentials
{
    private readonly X509Certificate2Collection _authorities;

    private ClusterCredentials(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        _authorities = authorities;
    }

    /// <summary>The certificate (with its private key) this silo presents, as server and as client.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Reads the files <paramref name="options"/> name; a missing or unusable file, or a key that is not the
    /// certificate's, is refused naming its setting.
    /// </summary>
    public static ClusterCredentials Load(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ReadCertificates(nameof(options.CertificatePath), options.CertificatePath);
        var keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? options.CertificatePath : options.KeyPath;
        var certificate = Read(nameof(options.KeyPath), () => X509Certificate2.CreateFromPemFile(options.CertificatePath, keyPath));
        var authorities = string.IsNullOrWhiteSpace(options.CaCertificatePath)
            ? []
            : ReadCertificates(nameof(options.CaCertificatePath), options.CaCertificatePath);
        return new ClusterCredentials(certificate, authorities);
    }

    /// <summary>Whether <paramref name="peer"/> is a certificate of this cluster, valid now.</summary>
    public bool IsClusterMember(X509Certificate2 peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (_authorities.Count == 0)
        {
            return peer.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span) && IsCurrent(peer);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // Cluster certificates live as long as a rollout; revocation is a new CA, not a CRL nobody serves.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }

    /// <summary>Requires a certificate of the cluster on both ends of every silo connection, TLS 1.3 only.</summary>
    public void Apply(TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        tls.SslProtocols = SslProtocols.Tls13;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Pod addresses change with every restart, so a silo's certificate names no host: the chain to the cluster
        // CA is what identifies a member, whatever name errors TLS reports.
        tls.RemoteCertificateValidation = (certificate, _, _) => IsClusterMember(certificate);
    }

    private static bool IsCurrent(X509Certificate2 certificate)
    {
        var now = DateTime.Now;
        return certificate.NotBefore <= now && now <= certificate.NotAfter;
    }

    private static X509Certificate2Collection ReadCertificates(string key, string path)
    {
        var certificates = new X509Certificate2Collection();
        Read(key, () => { certificates.ImportFromPemFile(path); return certificates; });
        return certificates.Count > 0 ? certificates : throw Refused($"{ClusterTlsOptions.SectionName}:{key} {path} holds no certificate.");
    }

    private static T Read<T>(string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw Refused($"{ClusterTlsOptions.SectionName}:{key} cannot be read as PEM ({e.Message}).");
        }
    }

    private static OptionsValidationException Refused(string failure) =>
        new(ClusterTlsOptions.SectionName, typeof(ClusterTlsOptions), [failure]);
}
