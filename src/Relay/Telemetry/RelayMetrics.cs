using System.Diagnostics.Metrics;
using LogChat.Protocol.Relay;
using LogChat.Relay.Connections;
using LogChat.Relay.Pairing;

namespace LogChat.Relay.Telemetry;

/// <summary>The relay's instruments: refusals and ended pairs by reason, pairs and waiting sides now, bytes copied.</summary>
internal sealed class RelayMetrics
{
    /// <summary>The meter every relay instrument belongs to.</summary>
    public const string MeterName = "LogChat.Relay";

    private readonly Counter<long> _refusals;
    private readonly Counter<long> _pairsEnded;
    private readonly Counter<long> _copied;
    private readonly Counter<long> _forwarded;

    public RelayMetrics(IMeterFactory meters, RelaySessions sessions, AddressLimiter addresses)
    {
        var meter = meters.Create(MeterName);
        _refusals = meter.CreateCounter<long>("logchat.relay.refusals", "{connection}", "Connections refused with a one-byte code, by reason");
        _pairsEnded = meter.CreateCounter<long>("logchat.relay.pairs_ended", "{pair}", "Pairs closed, by reason");
        _copied = meter.CreateCounter<long>("logchat.relay.copied", "By", "Bytes copied between the two sides of pairs, both directions");
        _forwarded = meter.CreateCounter<long>("logchat.relay.forwarded", "{connection}", "Client sides passed on to the process of this relay that pairs their session");
        meter.CreateObservableUpDownCounter("logchat.relay.pairs_active", () => sessions.ActivePairs, "{pair}", "Pairs copying bytes now");
        meter.CreateObservableUpDownCounter("logchat.relay.connections", () => addresses.Open, "{connection}", "Relay connections open now, within the per-address limit");
        meter.CreateObservableUpDownCounter("logchat.relay.waiting", () => sessions.Waiting, "{connection}", "First sides waiting for their peer now");
    }

    public void Refused(RelayRefusal refusal) => _refusals.Add(1, new KeyValuePair<string, object?>("reason", refusal.Label()));

    public void PairEnded(PairEnd end) => _pairsEnded.Add(1, new KeyValuePair<string, object?>("reason", end.Label()));

    public void Copied(long bytes) => _copied.Add(bytes);

    public void Forwarded() => _forwarded.Add(1);
}
