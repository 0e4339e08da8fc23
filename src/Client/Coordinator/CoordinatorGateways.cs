using Grpc.Net.Client;
using CoordinatorService = LogChat.Protocol.Coordinator.V1.Coordinator;

namespace LogChat.Client.Coordinator;

/// <summary>
/// The gateways a client may use and the one it uses now. A failed gateway hands over to the next in turn, so every
/// other gateway is tried before the failed one comes round again; after a full round of failures the configured
/// names are resolved again (a DNS name's addresses may have changed).
/// </summary>
public sealed class CoordinatorGateways : IDisposable
{
    private readonly IReadOnlyList<Uri> _addresses;
    private readonly Lock _gate = new();
    private readonly Dictionary<GatewayEndpoint, (GrpcChannel Channel, CoordinatorService.CoordinatorClient Client)> _channels = [];
    private IReadOnlyList<GatewayEndpoint> _endpoints;
    private int _current;
    private int _failuresInARow;

    private CoordinatorGateways(IReadOnlyList<Uri> addresses, IReadOnlyList<GatewayEndpoint> endpoints)
    {
        _addresses = addresses;
        _endpoints = endpoints;
    }

    /// <summary>How many gateways there are to try.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _endpoints.Count;
            }
        }
    }

    /// <summary>Resolves <paramref name="addresses"/> (checked coordinator URLs, in order of preference) into gateways.</summary>
    public static async Task<CoordinatorGateways> ResolveAsync(IReadOnlyList<Uri> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            throw new ArgumentException("At least one coordinator URL is needed.", nameof(addresses));
        }

        return new CoordinatorGateways(addresses, await GatewayResolution.ResolveAsync(addresses, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The gateway in use and its client.</summary>
    internal (GatewayEndpoint Gateway, CoordinatorService.CoordinatorClient Client) Current
    {
        get
        {
            lock (_gate)
            {
                var gateway = _endpoints[_current];
                if (!_channels.TryGetValue(gateway, out var open))
                {
                    var channel = CoordinatorChannel.Create(gateway);
                    open = (channel, CoordinatorChannel.Client(channel));
                    _channels[gateway] = open;
                }

                return (gateway, open.Client);
            }
        }
    }

    /// <summary>Resolves the names again once every gateway failed in a row; otherwise does nothing.</summary>
    internal async Task RefreshIfExhaustedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_failuresInARow < _endpoints.Count)
            {
                return;
            }
        }

        var endpoints = await GatewayResolution.ResolveAsync(_addresses, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var gone in _channels.Keys.Except(endpoints).ToList())
            {
                _channels.Remove(gone, out var open);
                open.Channel.Dispose();
            }

            _endpoints = endpoints;
            _current = 0;
            _failuresInARow = 0;
        }
    }

    /// <summary>Hands over from <paramref name="failed"/> to the next gateway, unless another caller already moved on.</summary>
    internal void MoveOn(GatewayEndpoint? failed)
    {
        lock (_gate)
        {
            if (failed is null || !failed.Equals(_endpoints[_current]))
            {
                return;
            }

            _current = (_current + 1) % _endpoints.Count;
            _failuresInARow++;
        }
    }

    /// <summary>The gateway in use answered: a full round of failures starts counting again.</summary>
    internal void Succeeded(GatewayEndpoint gateway)
    {
        lock (_gate)
        {
            if (gateway.Equals(_endpoints[_current]))
            {
                _failuresInARow = 0;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (channel, _) in _channels.Values)
            {
                channel.Dispose();
            }

            _channels.Clear();
        }
    }
}
