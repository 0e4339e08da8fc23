using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Client.Reachability;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Client.Coordinator;

/// <summary>
/// Calls <c>ObserveAddress</c> on one gateway's endpoints, every call from the same local port (<see cref="PunchPort"/>),
/// so that comparing what the endpoints observed tells how the NAT maps that port.
/// </summary>
public sealed class AddressObserver : IDisposable
{
    private readonly GatewayEndpoint _gateway;
    private readonly Metadata _authorization;
    private readonly PunchPort _punchPort = new();
    private readonly List<GrpcChannel> _channels = [];

    internal AddressObserver(GatewayEndpoint gateway, Metadata authorization)
    {
        _gateway = gateway;
        _authorization = authorization;
    }

    /// <summary>The local port the calls leave from, or 0 before the first call.</summary>
    public int LocalPort => _punchPort.Port;

    /// <summary>Asks the gateway's main endpoint (the port of its URL).</summary>
    public Task<AddressObservation> ObserveAsync(CancellationToken cancellationToken) => ObserveAsync(_gateway.Address.Port, cancellationToken);

    /// <summary>Asks the gateway's endpoint on <paramref name="gatewayPort"/> (one of the probe ports it named).</summary>
    public async Task<AddressObservation> ObserveAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        var channel = CoordinatorChannel.CreateFromPunchPort(_gateway, gatewayPort, _punchPort);
        _channels.Add(channel);
        var response = await CoordinatorChannel.Client(channel)
            .ObserveAddressAsync(new ObserveAddressRequest(), new CallOptions(_authorization, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return CoordinatorWire.ToObservation(response);
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
