using Grpc.Core;
using LogChat.Gateway.Reachability;
using LogChat.Gateway.Telemetry;
using LogChat.Grains.Errors;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.RateLimiting;

/// <summary>
/// The gateway's rate limits, counted cluster-wide (<see cref="ClusterQuotaCounters"/>); an exceeded one is refused as
/// RESOURCE_EXHAUSTED with the wait, which <see cref="Rpc.CoordinatorStatus"/> sends as a <c>retry-after-ms</c> trailer.
/// Addresses are counted by <see cref="ClientAddress.NetworkOf"/>: an IPv6 client owns its whole /64.
/// </summary>
public sealed class RequestLimits(
    ClusterQuotaCounters counters, IOptions<RateLimitOptions> options, IOptions<ReachabilityOptions> reachability, GatewayMetrics metrics)
{
    private readonly RateLimitOptions _limits = options.Value;

    public void CheckCallFromAddress(ServerCallContext context) =>
        Enforce("call_per_address", ClientAddress.NetworkOf(context), _limits.CallsPerAddress, "too many calls from this address");

    public void CheckCallByUser(Guid userId) =>
        Enforce("call_per_user", userId.ToString(), _limits.CallsPerUser, "too many calls");

    public void CheckLoginFromAddress(ServerCallContext context) =>
        Enforce("login_per_address", ClientAddress.NetworkOf(context), _limits.LoginsPerAddress, "too many login attempts from this address");

    public void CheckRegistration(ServerCallContext context) =>
        Enforce("register_per_address", ClientAddress.NetworkOf(context), _limits.RegistrationsPerAddress, "too many registrations from this address");

    public void CheckChatRequest(Guid userId) =>
        Enforce("chat_request_per_user", userId.ToString(), _limits.ChatRequestsPerUser, "too many chat requests");

    public void CheckUserLookup(Guid userId) =>
        Enforce("user_lookup_per_user", userId.ToString(), _limits.UserLookupsPerUser, "too many user lookups");

    public void CheckReachabilityCheck(Guid userId, ServerCallContext context)
    {
        Enforce("reachability_per_address", ClientAddress.NetworkOf(context), reachability.Value.ChecksPerAddress, "too many reachability checks from this address");
        Enforce("reachability_per_user", userId.ToString(), reachability.Value.ChecksPerUser, "too many reachability checks");
    }

    private void Enforce(string limit, string key, int max, string what)
    {
        if (counters.TryAcquire($"{limit}:{key}", max) is { } wait)
        {
            metrics.RateLimited(limit);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            throw CoordinatorException.ResourceExhausted($"{what}: try again in {seconds} s", wait);
        }
    }
}
