using LogChat.Grains.Presence;
using Orleans.Runtime;

namespace LogChat.Gateway.Connections;

/// <summary>How grains name and reach this gateway: its silo address and its observer reference.</summary>
public sealed class GatewayIdentity(IGrainFactory grains, GatewayObserver observer, ILocalSiloDetails silo)
{
    private readonly Lazy<IGatewayObserver> _reference = new(() => grains.CreateObjectReference<IGatewayObserver>(observer));

    /// <summary>The gateway's silo address, as stored in <c>user_presence.gateway</c>.</summary>
    public string GatewayId { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>The observer reference presence grains deliver through.</summary>
    public IGatewayObserver Reference => _reference.Value;
}
