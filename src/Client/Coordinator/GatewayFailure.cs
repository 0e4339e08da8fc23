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
    /// The request surely did not reach a gateway, so even a call that must not run twice may go to another one: the
    /// connection itself could not be made (refused, no route, name not found), or the gateway closed it while
    /// shutting down before taking the request (<see cref="ClosedWhileShuttingDown"/>).
    /// </summary>
    public static bool NeverSent(RpcException exception)
    {
        if (ClosedWhileShuttingDown(exception))
        {
            return true;
        }

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
    /// The gateway announced a graceful shutdown (HTTP/2 GOAWAY with NO_ERROR) and closed the connection before this
    /// call got an answer. A gracefully closing server answers every stream it took before it closes, so this call
    /// was not taken. gRPC reports it as INTERNAL, the status HTTP/2's NO_ERROR maps to; it comes from this
    /// machine's transport, never from the gateway, which is why only a call with a transport cause counts.
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
