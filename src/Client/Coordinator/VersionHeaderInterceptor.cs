using Grpc.Core;
using Grpc.Core.Interceptors;
using LogChat.Protocol.Versions;

namespace LogChat.Client.Coordinator;

/// <summary>
/// On every coordinator channel: each call states this release and the coordinator protocol it speaks
/// (<see cref="VersionHeaders"/>), and the coordinator's refusal of this release surfaces as an
/// <see cref="UpgradeRequiredException"/>, never as a status another layer could take for an ordinary refusal. The
/// Coordinator service's methods are unary or server streaming; those are the kinds handled here.
/// </summary>
internal sealed class VersionHeaderInterceptor : Interceptor
{
    public static readonly VersionHeaderInterceptor Instance = new();

    private static readonly string ClientValue = VersionHeaders.ClientValue(ClientBuild.Version);
    private static readonly string ProtocolValue = VersionHeaders.ProtocolValue(CoordinatorProtocol.Version);

    private VersionHeaderInterceptor()
    {
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, Versioned(context));
        return new AsyncUnaryCall<TResponse>(TranslatedAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, Versioned(context));
        return new AsyncServerStreamingCall<TResponse>(
            new TranslatingReader<TResponse>(call.ResponseStream), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    // The caller's headers (the bearer token) are shared between its calls: the version goes into a copy.
    private static ClientInterceptorContext<TRequest, TResponse> Versioned<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var headers = new Metadata();
        if (context.Options.Headers is { } given)
        {
            foreach (var entry in given)
            {
                headers.Add(entry);
            }
        }

        headers.Add(VersionHeaders.Client, ClientValue);
        headers.Add(VersionHeaders.Protocol, ProtocolValue);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }

    private static async Task<TResponse> TranslatedAsync<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        catch (RpcException ex) when (UpgradeRequiredException.From(ex) is { } upgrade)
        {
            throw upgrade;
        }
    }

    private sealed class TranslatingReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (UpgradeRequiredException.From(ex) is { } upgrade)
            {
                throw upgrade;
            }
        }
    }
}
