using System.Diagnostics.Metrics;
using LogChat.Grains.Sessions;

namespace LogChat.Grains.Telemetry;

/// <summary>Instruments of chat setup, recorded by the session grains of this silo.</summary>
public sealed class SessionMetrics
{
    private readonly Counter<long> _requested;
    private readonly Counter<long> _setupsCompleted;
    private readonly Histogram<double> _setupDuration;
    private readonly Counter<long> _ended;

    public SessionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(LogChatMeter.Name);
        _requested = meter.CreateCounter<long>("logchat.chat.requests", "{request}", "Chat requests sent to an online responder");
        _setupsCompleted = meter.CreateCounter<long>("logchat.chat.setups_completed", "{setup}", "Sessions whose host reported ready, so that the dialler got the endpoint");
        _setupDuration = meter.CreateHistogram<double>("logchat.chat.setup_duration", "s", "From RequestChat to the dialler being sent the host's endpoint");
        _ended = meter.CreateCounter<long>("logchat.chat.sessions_ended", "{session}", "Ended sessions, by reason");
    }

    /// <summary>Counts what a stored change of a session from <paramref name="before"/> to <paramref name="after"/> means.</summary>
    public void Transition(SessionRecord? before, SessionRecord after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before?.State == after.State)
        {
            return;
        }

        switch (after)
        {
            case { State: SessionState.Requested }:
                _requested.Add(1);
                break;
            // A relayed session from the start is ready when both sides were sent tickets; a fallback was counted already.
            case { State: SessionState.HostReady or SessionState.Relaying, HostReadyAt: { } readyAt } when before?.State != SessionState.HostReady:
                _setupsCompleted.Add(1);
                _setupDuration.Record((readyAt - after.StartedAt).TotalSeconds);
                break;
            case { State: SessionState.Ended, EndReason: { } reason }:
                _ended.Add(1, new KeyValuePair<string, object?>("reason", reason.ToColumn()));
                break;
        }
    }
}
