using Grpc.Core;
using LogChat.Gateway.Hosting;
using LogChat.Gateway.Telemetry;
using LogChat.Grains.Errors;
using LogChat.Protocol.Versions;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Rpc;

/// <summary>
/// Refuses a client older than this gateway serves (<see cref="GatewayOptions.MinimumClientVersion"/>,
/// <see cref="GatewayOptions.MinimumProtocolVersion"/>) with FAILED_PRECONDITION naming the minimum, and version
/// headers it cannot read with INVALID_ARGUMENT. It runs after the address quota and before authentication, so an old
/// client is told to upgrade rather than that its login failed; being outside the <see cref="CoordinatorCallInterceptor"/>,
/// it turns its own refusals into statuses. A newer client than the gateway knows is served: it is the one that knows
/// both protocols.
/// </summary>
public sealed class MinimumVersionInterceptor : CallCheckInterceptor
{
    private readonly StatedVersion _minimum;
    private readonly GatewayMetrics _metrics;

    public MinimumVersionInterceptor(IOptions<GatewayOptions> options, GatewayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gateway = options.Value;
        var minimumClient = ClientVersion.TryParse(gateway.MinimumClientVersion)
            ?? throw new InvalidOperationException($"{GatewayOptions.Section}:MinimumClientVersion is not MAJOR.MINOR.PATCH; it is validated at start.");
        _minimum = new StatedVersion(minimumClient, gateway.MinimumProtocolVersion);
        _metrics = metrics;
    }

    protected override void Check(ServerCallContext context)
    {
        // From the request, not ServerCallContext.RequestHeaders, which copies every header (see BearerToken.FromRequest).
        var headers = context.GetHttpContext().Request.Headers;
        var client = headers[VersionHeaders.Client];
        var stated = VersionHeaders.Read(client, headers[VersionHeaders.Protocol])
            ?? throw Refused(CoordinatorStatus.ToRpcException(CoordinatorException.InvalidArgument(
                $"malformed version headers: send {VersionHeaders.Client}: logchat/MAJOR.MINOR.PATCH and {VersionHeaders.Protocol}: N, once each")));
        if (stated.Client < _minimum.Client || stated.Protocol < _minimum.Protocol)
        {
            var said = client.Count == 0
                ? $"sent no version, which counts as logchat {stated.Client} (protocol {stated.Protocol})"
                : $"is logchat {stated.Client} (protocol {stated.Protocol})";
            throw Refused(CoordinatorStatus.UpgradeRequired(
                $"this coordinator serves logchat {_minimum.Client} or newer (coordinator protocol {_minimum.Protocol} or newer); this client {said}: please upgrade",
                _minimum.Client));
        }
    }

    private RpcException Refused(RpcException rejection)
    {
        _metrics.Rejected(rejection.StatusCode);
        return rejection;
    }
}
