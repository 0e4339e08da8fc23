using Grpc.Core;
using LogChat.Gateway.Rpc;
using LogChat.Gateway.Telemetry;
using LogChat.Grains.Errors;

namespace LogChat.Gateway.RateLimiting;

/// <summary>
/// The outermost interceptor: every call is charged to its address before anything else runs, authentication
/// included, so a flood of calls with made-up tokens never reaches the token store. Being outside the
/// <see cref="CoordinatorCallInterceptor"/>, it turns its own refusal into the status.
/// </summary>
public sealed class AddressQuotaInterceptor(RequestLimits limits, GatewayMetrics metrics) : CallCheckInterceptor
{
    protected override void Check(ServerCallContext context)
    {
        try
        {
            limits.CheckCallFromAddress(context);
        }
        catch (CoordinatorException refusal)
        {
            var rejection = CoordinatorStatus.ToRpcException(refusal);
            metrics.Rejected(rejection.StatusCode);
            throw rejection;
        }
    }
}
