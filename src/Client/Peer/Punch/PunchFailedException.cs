using System.Net;
using System.Net.Sockets;

namespace LogChat.Client.Peer.Punch;

/// <summary>A TCP simultaneous open made no connection within its schedule.</summary>
public sealed class PunchFailedException : Exception
{
    public PunchFailedException()
        : base("The TCP simultaneous open failed.")
    {
    }

    public PunchFailedException(string message)
        : base(message)
    {
    }

    public PunchFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failure of a punch from <paramref name="localPort"/> to <paramref name="remote"/> after <paramref name="attempts"/> attempts.</summary>
    public PunchFailedException(IPEndPoint remote, int localPort, PunchSchedule schedule, int attempts, SocketError? lastError)
        : base(Describe(remote, localPort, schedule, attempts, lastError))
    {
        Remote = remote;
        LocalPort = localPort;
        Attempts = attempts;
        LastError = lastError;
    }

    /// <summary>The peer's observed address and port that was dialled.</summary>
    public IPEndPoint? Remote { get; }

    /// <summary>The local port every attempt was bound to.</summary>
    public int LocalPort { get; }

    /// <summary>How many attempts were made (0 when the window was over before the first could start).</summary>
    public int Attempts { get; }

    /// <summary>Why the last attempt failed (<see cref="SocketError.TimedOut"/> when its slot ended first).</summary>
    public SocketError? LastError { get; }

    private static string Describe(IPEndPoint remote, int localPort, PunchSchedule schedule, int attempts, SocketError? lastError) =>
        attempts == 0
            ? $"No TCP simultaneous open to {remote} from local port {localPort} was tried: its window ended at {schedule.End.UtcDateTime:HH:mm:ss.fff} UTC before an attempt could start."
            : $"TCP simultaneous open to {remote} from local port {localPort} failed after {attempts} attempt(s) within {schedule.Window.TotalSeconds:0.###} s; last socket error: {lastError}.";
}
