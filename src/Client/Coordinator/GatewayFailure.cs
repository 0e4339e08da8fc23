using System.Net.Sockets;
using Grpc.Core;

namespace LogChat.Client.Coordinator;

/// <summary>Reads a failed call: did the gateway go away, and could the request have reached it at all?</summary>
internal static class GatewayFailure
{
    private const long NoError = 0;

    /// <summary>The gateway is gone, shutting down or cannot reach its cluster: another gateway may do better.</summary>
    public static bool IsGatewayLoss(RpcException exception) =>
        exception.StatusCode == StatusCode.Unavailable || ClosedWhileShuttingDown(exception);

    /// <summary>
    /// How long the coordinator asked to wait before trying again, when the gateway itself answered UNAVAILABLE for a
    /// fault behind it (its database): the <c>retry-after-ms</c> trailer. Null for a gateway that is gone.
    /// </summary>
    public static TimeSpan? FaultRetryAfter(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode == StatusCode.Unavailable
            && exception.Trailers.GetValue("retry-after-ms") is { } value
            && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds)
            ? TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 1, 60_000))
            : null;
    }

    /// <summary>
    /// The connection itself could not be made (refused, no route, name not found), so no byte of the request left
    /// this machine: even a call that must not run twice may go to another gateway.
    /// </summary>
    public static bool NeverSent(RpcException exception)
    {
        if (exception.StatusCode != StatusCode.Unavailable)
        {
            return false;
        }

        for (var cause = exception.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                || cause is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The gateway announced a graceful shutdown (HTTP/2 GOAWAY with NO_ERROR) and the connection closed before this
    /// call got an answer. gRPC reports it as INTERNAL, the status HTTP/2's NO_ERROR maps to; it comes from this
    /// machine's transport, never from the gateway, which is why only a call with a transport cause counts. Whether
    /// the gateway took the call is unknown (one killed after its grace period took it and never answered), so it is
    /// a lost gateway but not a call that was never sent.
    /// </summary>
    private static bool ClosedWhileShuttingDown(RpcException exception)
    {
        if (exception.StatusCode != StatusCode.Internal)
        {
            return false;
        }

        for (var cause = exception.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpProtocolException { ErrorCode: NoError })
            {
                return true;
            }
        }

        return false;
    }
}
