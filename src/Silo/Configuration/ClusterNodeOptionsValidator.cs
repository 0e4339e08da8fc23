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

        if (options.GatewayPort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Section}:GatewayPort must be a port number (1-65535) or 0 for none, not {options.GatewayPort}.");
        }
        else if (options.GatewayPort == options.SiloPort)
        {
            failures.Add($"{Section}:GatewayPort and {Section}:SiloPort must differ (both are {options.SiloPort}).");
        }

        if (!IPAddress.TryParse(options.AdvertisedIP, out var address))
        {
            failures.Add($"{Section}:AdvertisedIP must be an IP address, not '{options.AdvertisedIP}'.");
        }
        else if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            failures.Add($"{Section}:AdvertisedIP must be an address other silos can reach, not '{options.AdvertisedIP}'.");
        }

        if (options.DirectoryCacheSize < 1)
        {
            failures.Add($"{Section}:DirectoryCacheSize must be positive, not {options.DirectoryCacheSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
