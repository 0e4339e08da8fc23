using Grpc.Core;
using LogChat.Gateway.Rpc;
using LogChat.Grains.Auth;

namespace LogChat.Gateway.RateLimiting;

/// <summary>
/// Inside the authentication interceptor: every call of a signed-in user is charged to that user. Anonymous calls
/// (no caller) have their address quota and limits of their own (logins, registrations).
/// </summary>
public sealed class UserQuotaInterceptor(RequestLimits limits) : CallCheckInterceptor
{
    protected override void Check(ServerCallContext context)
    {
        if (context.GetHttpContext().Features.Get<Caller>() is { } caller)
        {
            limits.CheckCallByUser(caller.UserId);
        }
    }
}
