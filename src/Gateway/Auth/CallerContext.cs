using Grpc.Core;
using LogChat.Grains.Auth;

namespace LogChat.Gateway.Auth;

/// <summary>
/// Carries the authenticated caller from the interceptor to the service, as a feature of the request: the request's
/// feature collection exists anyway, while gRPC's <c>UserState</c> would add a dictionary that a Connect stream holds
/// for as long as it is open.
/// </summary>
public static class CallerContext
{
    public static void Set(ServerCallContext context, Caller caller) => context.GetHttpContext().Features.Set(caller);

    /// <summary>The caller of an authenticated call.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        context.GetHttpContext().Features.Get<Caller>() ?? throw new InvalidOperationException("the call was not authenticated");

    /// <summary>
    /// The storage key of the token an authenticated call carried, worked out again from the request rather than
    /// kept: a Connect stream would otherwise hold it for as long as it is open.
    /// </summary>
    public static string TokenStorageKey(this ServerCallContext context) =>
        BearerToken.StorageKey(BearerToken.FromRequest(context)!)!;
}
