using Grpc.Core;
using LogChat.Grains.Auth;

namespace LogChat.Gateway.Auth;

/// <summary>Carries the authenticated caller from the interceptor to the service.</summary>
public static class CallerContext
{
    private const string Key = "logchat.caller";
    private const string TokenKey = "logchat.token";

    public static void Set(ServerCallContext context, Caller caller, string tokenStorageKey)
    {
        context.UserState[Key] = caller;
        context.UserState[TokenKey] = tokenStorageKey;
    }

    /// <summary>The caller of an authenticated call.</summary>
    public static Caller Caller(this ServerCallContext context) => (Caller)context.UserState[Key];

    /// <summary>The storage key of the token the call carried.</summary>
    public static string TokenStorageKey(this ServerCallContext context) => (string)context.UserState[TokenKey];
}
