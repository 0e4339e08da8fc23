using System.Net;
using Microsoft.Extensions.Options;

namespace LogChat.Silo.Configuration;

/// <summary>Refuses cluster settings a silo cannot run with, naming the key to fix.</summary>
internal sealed class ClusterNodeOptionsValidator : IValidateOptions<ClusterNodeOptions>
{
    private const string Section = ClusterNodeOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ClusterNodeOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{Section}:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{Section}:ServiceId must not be empty.");
        }

        if (options.SiloPort is < 1 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Section}:SiloPort must be a port number (1-65535), not {options.SiloPort}.");
        }

        if (!IPAddress.TryParse(options.AdvertisedIP, out var address))
        {
            failures.Add($"{Section}:AdvertisedIP must be an IP address, not '{options.AdvertisedIP}'.");
        }
        else if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            failures.Add($"{Section}:AdvertisedIP must be an address other silos can reach, not '{options.AdvertisedIP}'.");
        }
        else if (!options.Tls.IsConfigured && (options.ListenOnAnyHostAddress || !IPAddress.IsLoopback(address)))
        {
            failures.Add($"{ClusterTlsOptions.SectionName}:CertificatePath must be set: silo traffic off loopback "
                + $"(AdvertisedIP {options.AdvertisedIP}{(options.ListenOnAnyHostAddress ? ", ListenOnAnyHostAddress" : "")}) is mutual TLS with the cluster certificate.");
        }

        if (options.DirectoryCacheSize < 1)
        {
            failures.Add($"{Section}:DirectoryCacheSize must be positive, not {options.DirectoryCacheSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
