using System.Diagnostics.Metrics;
using Grpc.Core;
using LogChat.Gateway.Connections;
using LogChat.Grains.Telemetry;

namespace LogChat.Gateway.Telemetry;

/// <summary>Instruments of the gRPC front end.</summary>
public sealed class GatewayMetrics
{
    private readonly Counter<long> _rejectedCalls;
    private readonly Counter<long> _rateLimitedCalls;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _reachabilityChecks;
    private readonly Counter<long> _unparseableRequests;

    public GatewayMetrics(IMeterFactory meters, ClientConnectionRegistry connections)
    {
        var meter = meters.Create(LogChatMeter.Name);
        meter.CreateObservableUpDownCounter("logchat.gateway.connected_clients", () => connections.Count, "{client}", "Open Connect streams on this gateway");
        _rejectedCalls = meter.CreateCounter<long>("logchat.gateway.rejected_calls", "{call}", "Calls answered with an error status, by status");
        _rateLimitedCalls = meter.CreateCounter<long>("logchat.gateway.rate_limited_calls", "{call}", "Calls refused by a rate limit, by limit");
        _authFailures = meter.CreateCounter<long>("logchat.gateway.auth_failures", "{call}", "Failed logins and calls with a missing, bad or expired token");
        _unparseableRequests = meter.CreateCounter<long>("logchat.gateway.unparseable_requests", "{request}", "Request bodies that did not parse as their message (or did not decompress), by method or encoding");
        _reachabilityChecks = meter.CreateCounter<long>("logchat.gateway.reachability_checks", "{check}", "Dial-backs to clients' listeners, by outcome");
    }

    public void Rejected(StatusCode status) => _rejectedCalls.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));

    public void RateLimited(string limit) => _rateLimitedCalls.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void ReachabilityChecked(bool reachable) =>
        _reachabilityChecks.Add(1, new KeyValuePair<string, object?>("outcome", reachable ? "reachable" : "unreachable"));

    public void UnparseableRequest(string method) => _unparseableRequests.Add(1, new KeyValuePair<string, object?>("method", method));

    public void AuthFailed(string reason) => _authFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
