using Grpc.Core;
using LogChat.Gateway.Reachability;
using LogChat.Gateway.Telemetry;
using LogChat.Grains.Errors;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.RateLimiting;

/// <summary>
/// The gateway's rate limits; an exceeded one is refused as RESOURCE_EXHAUSTED with the wait, which
/// <see cref="Rpc.CoordinatorStatus"/> sends as a <c>retry-after-ms</c> trailer.
/// </summary>
public sealed class RequestLimits(
    IOptions<RateLimitOptions> options, IOptions<ReachabilityOptions> reachability, GatewayMetrics metrics, TimeProvider clock)
{
    private readonly FixedWindowLimiter _loginsPerUsername = new(options.Value.LoginsPerUsername, options.Value.Window, clock);
    private readonly FixedWindowLimiter _loginsPerAddress = new(options.Value.LoginsPerAddress, options.Value.Window, clock);
    private readonly FixedWindowLimiter _registrationsPerAddress = new(options.Value.RegistrationsPerAddress, options.Value.Window, clock);
    private readonly FixedWindowLimiter _chatRequestsPerUser = new(options.Value.ChatRequestsPerUser, options.Value.Window, clock);
    private readonly FixedWindowLimiter _userLookupsPerUser = new(options.Value.UserLookupsPerUser, options.Value.Window, clock);
    private readonly FixedWindowLimiter _reachabilityChecksPerUser = new(reachability.Value.ChecksPerUser, options.Value.Window, clock);
    private readonly FixedWindowLimiter _reachabilityChecksPerAddress = new(reachability.Value.ChecksPerAddress, options.Value.Window, clock);

    public void CheckLogin(string username, ServerCallContext context)
    {
        Enforce(_loginsPerAddress, ClientAddress.Of(context), "login_per_address", "too many login attempts from this address");
        Enforce(_loginsPerUsername, username, "login_per_username", "too many login attempts for this user");
    }

    public void CheckRegistration(ServerCallContext context) =>
        Enforce(_registrationsPerAddress, ClientAddress.Of(context), "register_per_address", "too many registrations from this address");

    public void CheckChatRequest(Guid userId) =>
        Enforce(_chatRequestsPerUser, userId.ToString(), "chat_request_per_user", "too many chat requests");

    public void CheckUserLookup(Guid userId) =>
        Enforce(_userLookupsPerUser, userId.ToString(), "user_lookup_per_user", "too many user lookups");

    public void CheckReachabilityCheck(Guid userId, ServerCallContext context)
    {
        Enforce(_reachabilityChecksPerAddress, ClientAddress.NetworkOf(context), "reachability_per_address", "too many reachability checks from this address");
        Enforce(_reachabilityChecksPerUser, userId.ToString(), "reachability_per_user", "too many reachability checks");
    }

    private void Enforce(FixedWindowLimiter limiter, string key, string limit, string what)
    {
        if (limiter.TryAcquire(key) is { } wait)
        {
            metrics.RateLimited(limit);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            throw CoordinatorException.ResourceExhausted($"{what}: try again in {seconds} s", wait);
        }
    }
}
