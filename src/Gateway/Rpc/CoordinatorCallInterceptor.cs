using System.Data.Common;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LogChat.Gateway.Auth;
using LogChat.Gateway.Telemetry;
using LogChat.Grains;
using LogChat.Grains.Auth;
using LogChat.Grains.Errors;

namespace LogChat.Gateway.Rpc;

/// <summary>
/// Every Coordinator call passes here, of all four handler kinds: all but the methods the service description
/// declares anonymous (<see cref="AnonymousMethods"/>) must carry a valid bearer token, and domain refusals become
/// precise gRPC statuses through <see cref="CoordinatorStatus"/>. Anything unexpected is logged and answered INTERNAL
/// without details.
/// </summary>
public sealed partial class CoordinatorCallInterceptor(GrainReferences grains, GatewayMetrics metrics, TimeProvider clock, ILogger<CoordinatorCallInterceptor> logger) : Interceptor
{
    /// <summary>The wait a client is told to allow before trying a call again that a fault (database, cluster) refused.</summary>
    public static readonly TimeSpan FaultRetryAfter = TimeSpan.FromSeconds(2);

    // A fault fails every call while it lasts: its warning is logged once a minute, with the count, not once per call.
    private readonly LogThrottle _faultWarnings = new(TimeSpan.FromMinutes(1), clock);

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

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AuthenticateAsync(context, holdsStream: true);
            return await continuation(requestStream, context);
        }
        catch (Exception e)
        {
            throw Rejected(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await AuthenticateAsync(context, holdsStream: true);
            await continuation(requestStream, responseStream, context);
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
        var caller = storageKey is null ? null : await ValidateAsync(grains.Get<ITokenGrain>(storageKey), holdsStream);
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
            case Exception when CausedByDatabase(exception):
                WarnOfFault(context.Method, exception);
                return CoordinatorException.Unavailable("the coordinator cannot reach its database: try again in a few seconds", FaultRetryAfter);
            case TimeoutException or OrleansException:
                WarnOfFault(context.Method, exception);
                return CoordinatorException.Unavailable("the coordinator is busy or restarting: try again", FaultRetryAfter);
            default:
                LogUnexpected(context.Method, exception);
                return null;
        }
    }

    // Npgsql's own exception, or one Orleans wrapped it in (grain storage failures arrive as an OrleansException).
    private static bool CausedByDatabase(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException or SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private void WarnOfFault(string method, Exception exception)
    {
        if (_faultWarnings.TryTake(out var count))
        {
            LogUnavailable(count, method, exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} calls answered UNAVAILABLE since the last such warning; the latest, {Method}, failed with {ExceptionType}: {Reason}")]
    private partial void LogUnavailable(long count, string method, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed unexpectedly")]
    private partial void LogUnexpected(string method, Exception exception);
}
