using System.Globalization;
using Grpc.Core;
using LogChat.Grains.Errors;
using LogChat.Protocol.Versions;

namespace LogChat.Gateway.Rpc;

/// <summary>
/// The one place a refusal becomes what a client sees: a gRPC status code, its detail and trailers. Everything the
/// gateway and the grains refuse is a <see cref="CoordinatorException"/>; nothing else builds an <see cref="RpcException"/>.
/// </summary>
public static class CoordinatorStatus
{
    /// <summary>The trailer on RESOURCE_EXHAUSTED (and on UNAVAILABLE from a fault) that says how many milliseconds to wait before trying again.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    private const string InternalErrorDetail = "internal error";

    /// <summary>
    /// The status for a refusal. One of no kind (<see cref="CoordinatorError.Unspecified"/>) is a bug: it is answered as
    /// <see cref="InternalError"/>, since its message was not written for the client and its code would be a guess.
    /// </summary>
    public static RpcException ToRpcException(CoordinatorException refusal)
    {
        var code = CodeOf(refusal.Error);
        return code == StatusCode.Internal
            ? InternalError()
            : new RpcException(new Status(code, refusal.Message), TrailersOf(refusal));
    }

    /// <summary>
    /// The refusal of a client older than the coordinator serves: FAILED_PRECONDITION with <paramref name="message"/> and
    /// the trailer that names <paramref name="minimum"/>, from which the client tells its user to upgrade.
    /// </summary>
    public static RpcException UpgradeRequired(string message, ClientVersion minimum) =>
        new(new Status(StatusCode.FailedPrecondition, message), new Metadata { { VersionHeaders.MinimumClientTrailer, minimum.ToString() } });

    /// <summary>The answer to a bug: INTERNAL, without any detail that could leak what went wrong.</summary>
    public static RpcException InternalError() => new(new Status(StatusCode.Internal, InternalErrorDetail));

    private static StatusCode CodeOf(CoordinatorError error) => error switch
    {
        CoordinatorError.NotFound => StatusCode.NotFound,
        CoordinatorError.PermissionDenied => StatusCode.PermissionDenied,
        CoordinatorError.FailedPrecondition => StatusCode.FailedPrecondition,
        CoordinatorError.AlreadyExists => StatusCode.AlreadyExists,
        CoordinatorError.InvalidArgument => StatusCode.InvalidArgument,
        CoordinatorError.Unauthenticated => StatusCode.Unauthenticated,
        CoordinatorError.ResourceExhausted => StatusCode.ResourceExhausted,
        CoordinatorError.Unavailable => StatusCode.Unavailable,
        CoordinatorError.Cancelled => StatusCode.Cancelled,
        _ => StatusCode.Internal,
    };

    private static Metadata TrailersOf(CoordinatorException refusal) =>
        refusal is { Error: CoordinatorError.ResourceExhausted or CoordinatorError.Unavailable, RetryAfter: { } wait }
            ? new Metadata { { RetryAfterTrailer, ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) } }
            : Metadata.Empty;
}
