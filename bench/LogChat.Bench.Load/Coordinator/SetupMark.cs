namespace LogChat.Bench.Load.Coordinator;

/// <summary>The moments of a chat setup a scripted client notes (as <see cref="System.Diagnostics.Stopwatch"/> timestamps).</summary>
public enum SetupMark
{
    ChatRequested,
    AcceptSent,
    AcceptAnswered,
    HostInfo,
    HostReadySent,
    HostReadyAnswered,
    DialInfo,
}
