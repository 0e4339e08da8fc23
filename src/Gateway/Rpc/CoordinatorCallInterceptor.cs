using Grpc.Core;
using Grpc.Core.Interceptors;
using LogChat.Gateway.Auth;
using LogChat.Gateway.Telemetry;
using LogChat.Grains.Auth;
using LogChat.Grains.Errors;

namespace LogChat.Gateway.Rpc;

/// <summary>
/// Every Coordinator call passes here: all but GetLoginSalt, Register and Login must carry a valid bearer token, and domain
/// refusals become precise gRPC statuses through <see cref="CoordinatorStatus"/>. Anything unexpected is logged and
/// answered INTERNAL without details.
/// </summary>
public sealed partial class CoordinatorCallInterceptor(IGrainFactory grains, GatewayMetrics metrics, ILogger<CoordinatorCallInterceptor> logger) : Interceptor
{
    private static readonly HashSet<string> AnonymousMethods =
    [
        "/logchat.coordinator.v1.Coordinator/GetLoginSalt",
        "/logchat.coordinator.v1.Coordinator/Register",
        "/logchat.coordinator.v1.Coordinator/Login",
    ];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AuthenticateAsync(context, holdsStream: false);
            return await continuation(request, context);
        }
        catch (Exception e)
        {
            throw Rejected(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AuthenticateAsync(context, holdsStream: true);
            await continuation(request, responseStream, context);
        }
        catch (Exception e)
        {
            throw Rejected(e, context);
        }
    }

    private async Task AuthenticateAsync(ServerCallContext context, bool holdsStream)
    {
        if (AnonymousMethods.Contains(context.Method))
        {
            return;
        }

        var token = BearerToken.FromRequest(context);
        if (token is null)
        {
            metrics.AuthFailed("missing_token");
            throw CoordinatorException.Unauthenticated("missing bearer token: log in first");
        }

        var storageKey = BearerToken.StorageKey(token);
        var caller = storageKey is null ? null : await ValidateAsync(grains.GetGrain<ITokenGrain>(storageKey), holdsStream);
        if (caller is null)
        {
            metrics.AuthFailed("invalid_token");
            throw CoordinatorException.Unauthenticated("invalid or expired token: log in again");
        }

        CallerContext.Set(context, caller);
    }

    private static Task<Caller?> ValidateAsync(ITokenGrain token, bool holdsStream) =>
        holdsStream ? token.ValidateAndRelease() : token.Validate();

    private RpcException Rejected(Exception exception, ServerCallContext context)
    {
        var rejection = RefusalOf(exception, context) is { } refusal
            ? CoordinatorStatus.ToRpcException(refusal)
            : CoordinatorStatus.InternalError();
        metrics.Rejected(rejection.StatusCode);
        return rejection;
    }

    /// <summary>What the client is told, as a refusal; null for a bug, which only the log describes.</summary>
    private CoordinatorException? RefusalOf(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case CoordinatorException { Error: not CoordinatorError.Unspecified } refusal:
                return refusal;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return CoordinatorException.Cancelled("the call was cancelled");
            case TimeoutException or OrleansException:
                LogUnavailable(context.Method, exception);
                return CoordinatorException.Unavailable("the coordinator is busy or restarting: try again");
            default:
                LogUnexpected(context.Method, exception);
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} could not reach the cluster")]
    private partial void LogUnavailable(string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed unexpectedly")]
    private partial void LogUnexpected(string method, Exception exception);
}
