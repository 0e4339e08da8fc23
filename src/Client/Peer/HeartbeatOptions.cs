namespace LogChat.Client.Peer;

/// <summary>Encrypted heartbeats, sent both ways; a peer silent for a whole window is gone.</summary>
/// <param name="Interval">How often this side sends a heartbeat (and checks the window).</param>
/// <param name="Window">How long this side waits without any frame from the peer before it ends the session.</param>
public sealed record HeartbeatOptions(TimeSpan Interval, TimeSpan Window)
{
    /// <summary>A heartbeat every 2 s; 10 s of silence ends the session.</summary>
    public static HeartbeatOptions Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
}
