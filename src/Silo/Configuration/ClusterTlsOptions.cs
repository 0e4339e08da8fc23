namespace LogChat.Silo.Configuration;

/// <summary>
/// Mutual TLS of silo-to-silo traffic (section <c>LogChat:Cluster:Tls</c>): every silo presents the cluster
/// certificate and accepts only peers whose certificate the cluster CA issued. Without a certificate the silo speaks
/// plaintext, which the validator allows only on loopback (the one-node <c>./run.sh</c>).
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = ClusterNodeOptions.SectionName + ":Tls";

    /// <summary>PEM file of this silo's certificate (<c>tls.crt</c> of the Secret); empty turns TLS off.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM file of the certificate's unencrypted private key (<c>tls.key</c>); empty when the certificate file holds it.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>
    /// PEM file of the CA certificates whose certificates a peer silo may present (<c>ca.crt</c>; two during a CA
    /// rollover). Empty: a peer must present the very certificate this silo presents.
    /// </summary>
    public string CaCertificatePath { get; set; } = "";

    /// <summary>Whether silo traffic uses TLS.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);
}
