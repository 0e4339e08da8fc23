using Grpc.Core;
using LogChat.Grains.Auth;

namespace LogChat.Gateway.Auth;

/// <summary>Carries the authenticated caller from the interceptor to the service.</summary>
public static class CallerContext
{
    private const string Key = "logchat.caller";

    public static void Set(ServerCallContext context, Caller caller) => context.UserState[Key] = caller;

    /// <summary>The caller of an authenticated call.</summary>
    public static Caller Caller(this ServerCallContext context) => (Caller)context.UserState[Key];

    /// <summary>
    /// The storage key of the token an authenticated call carried, worked out again from the request rather than
    /// kept: a Connect stream would otherwise hold it for as long as it is open.
    /// </summary>
    public static string TokenStorageKey(this ServerCallContext context) =>
        BearerToken.StorageKey(BearerToken.FromRequest(context)!)!;
}
