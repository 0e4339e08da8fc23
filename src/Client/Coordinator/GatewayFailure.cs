using System.Net.Sockets;
using Grpc.Core;

namespace LogChat.Client.Coordinator;

/// <summary>Reads a failed call: did the gateway go away, and could the request have reached it at all?</summary>
internal static class GatewayFailure
{
    /// <summary>The gateway is gone, shutting down or cannot reach its cluster: another gateway may do better.</summary>
    public static bool IsGatewayLoss(RpcException exception) => exception.StatusCode == StatusCode.Unavailable;

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
}
