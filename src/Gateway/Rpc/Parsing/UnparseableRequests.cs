using Grpc.Core;
using LogChat.Gateway.Telemetry;

namespace LogChat.Gateway.Rpc.Parsing;

/// <summary>
/// What happens to a request body that does not parse as its message: INVALID_ARGUMENT (the caller sent it; see
/// docs/decisions.md), counted in <c>logchat.gateway.unparseable_requests</c>, and at most one warning per
/// <see cref="WarningInterval"/> that says how many arrived since the last, without a stack trace: garbage sent at
/// network speed must not become log lines at network speed.
/// </summary>
public sealed partial class UnparseableRequests(GatewayMetrics metrics, TimeProvider clock, ILogger<UnparseableRequests> logger)
{
    /// <summary>The shortest time between two warnings.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly LogThrottle _warnings = new(WarningInterval, clock);

    /// <summary>Counts an unparseable body of <paramref name="method"/> (or of an encoding) and returns the refusal to throw, with <paramref name="detail"/>.</summary>
    public RpcException Refuse(string method, string detail)
    {
        metrics.UnparseableRequest(method);
        metrics.Rejected(StatusCode.InvalidArgument);
        if (_warnings.TryTake(out var count))
        {
            LogUnparseable(count, method);
        }

        return new RpcException(new Status(StatusCode.InvalidArgument, detail));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Count} request bodies that did not parse since the last such warning (the latest for {Method})")]
    private partial void LogUnparseable(long count, string method);
}
