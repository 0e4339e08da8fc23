namespace LogChat.Grains.Sessions;

/// <summary>Timeouts and bounds of chat sessions (configuration section <c>LogChat:Sessions</c>).</summary>
public sealed class SessionOptions
{
    public const string Section = "LogChat:Sessions";

    /// <summary>How long a chat request waits for an answer before it ends with "request_timeout".</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the host has, after acceptance, to report HostReady before the session ends with "host_ready_timeout".</summary>
    public TimeSpan HostReadyTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the peers have, once the host is ready (or both punch ports are known), to report their connection
    /// before the session ends with "connection_failed": a session nobody connects waits for nothing.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many sessions that have not ended one user may take part in; a request beyond it is RESOURCE_EXHAUSTED.</summary>
    public int MaxOpenSessionsPerUser { get; set; } = 8;

    /// <summary>
    /// How long a session's activation stays in memory with no call: longer than every timeout above, so that a deadline
    /// always fires in a live activation.
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after the coordinator tells both sides of a punched session to go they start connecting: long enough
    /// for the message to reach both (each side subtracts half its own measured round trip).
    /// </summary>
    public TimeSpan PunchLeadTime { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long after a participant's end report a higher-ranked report from either participant may still replace its reason
    /// (<see cref="SessionEndReasons.ReportRank"/>): long enough for the other side to notice and report, a heartbeat window
    /// and the teardown included.
    /// </summary>
    public TimeSpan EndReportRevisionWindow { get; set; } = TimeSpan.FromSeconds(30);
}
