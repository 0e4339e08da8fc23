using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace LogChat.Gateway.Rpc.Parsing;

/// <summary>
/// Adds each method the generated <c>BindService</c> hands it, of any of the four handler kinds, with a request
/// marshaller that answers a body which is not a valid message as INVALID_ARGUMENT (<see cref="UnparseableRequests"/>).
/// grpc-dotnet parses the body before any interceptor runs, and a parse failure would otherwise leave its handler as
/// an unexpected exception: UNKNOWN, with an error-level stack trace in the log.
/// </summary>
public sealed class StrictParsingBinder(ServiceMethodProviderContext<CoordinatorEndpoint> context, UnparseableRequests unparseable) : ServiceBinderBase
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        context.AddUnaryMethod(Strict(method), Metadata(), (_, request, call) => handler(request, call));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        context.AddServerStreamingMethod(Strict(method), Metadata(), (_, request, responses, call) => handler(request, responses, call));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        context.AddClientStreamingMethod(Strict(method), Metadata(), (_, requests, call) => handler(requests, call));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        context.AddDuplexStreamingMethod(Strict(method), Metadata(), (_, requests, responses, call) => handler(requests, responses, call));
    }

    // Only POST reaches a gRPC method, as with grpc-dotnet's own binding; no CORS preflight, since no browser calls it.
    private static List<object> Metadata() => [new HttpMethodMetadata(["POST"])];

    private Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var fullName = method.FullName;
        var requests = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, body =>
        {
            try
            {
                return parse(body);
            }
            catch (InvalidProtocolBufferException)
            {
                throw unparseable.Refuse(fullName, $"the request body is not a valid {typeof(TRequest).Name} message");
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }
}
