using System.Diagnostics;
using LogChat.Bench.Load.Reporting;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// Where a chat setup's time goes, from the moments each step reached the scripted clients: the three pushes in the
/// order the chain makes them, and the three calls as their callers saw them.
/// </summary>
public sealed class SetupPhases
{
    /// <summary>The phases in report order, each named for what it spans.</summary>
    public IReadOnlyList<(string Phase, LatencyHistogram Latency)> All =>
    [
        ("RequestChat sent -> chat_requested at the responder", _requestPush),
        ("chat_requested -> SessionInfo(HOST) at the host", _acceptPush),
        ("SessionInfo(HOST) -> SessionInfo(DIAL) at the dialler", _hostReadyPush),
        ("RequestChat call (sent -> answered)", _requestCall),
        ("AcceptChat call (sent -> answered)", _acceptCall),
        ("ReportHostReady call (sent -> answered)", _hostReadyCall),
    ];

    private readonly LatencyHistogram _requestPush = new();
    private readonly LatencyHistogram _acceptPush = new();
    private readonly LatencyHistogram _hostReadyPush = new();
    private readonly LatencyHistogram _requestCall = new();
    private readonly LatencyHistogram _acceptCall = new();
    private readonly LatencyHistogram _hostReadyCall = new();

    /// <summary>Records one setup that started at <paramref name="start"/> and whose RequestChat returned at <paramref name="requestAnswered"/>.</summary>
    public void Record(long start, long requestAnswered, ScriptedClient initiator, ScriptedClient responder, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(initiator);
        ArgumentNullException.ThrowIfNull(responder);
        var requested = responder.MarkOf(SetupMark.ChatRequested, sessionId);
        var accepting = responder.MarkOf(SetupMark.AcceptSent, sessionId);
        var accepted = responder.MarkOf(SetupMark.AcceptAnswered, sessionId);
        var host = initiator.MarkOf(SetupMark.HostInfo, sessionId);
        var reporting = initiator.MarkOf(SetupMark.HostReadySent, sessionId);
        var reported = initiator.MarkOf(SetupMark.HostReadyAnswered, sessionId);
        var dial = responder.MarkOf(SetupMark.DialInfo, sessionId);
        Span(_requestPush, start, requested);
        Span(_acceptPush, requested, host);
        Span(_hostReadyPush, host, dial);
        Span(_requestCall, start, requestAnswered);
        Span(_acceptCall, accepting, accepted);
        Span(_hostReadyCall, reporting, reported);
    }

    private static void Span(LatencyHistogram histogram, long? from, long? to)
    {
        if (from is { } start && to is { } end && end >= start)
        {
            histogram.Record(Stopwatch.GetElapsedTime(start, end));
        }
    }
}
