namespace LogChat.Grains.Sessions;

/// <summary>Timeouts of chat setup (configuration section <c>LogChat:Sessions</c>).</summary>
public sealed class SessionOptions
{
    public const string Section = "LogChat:Sessions";

    /// <summary>How long a chat request waits for an answer before it ends with "request_timeout".</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the host has, after acceptance, to report HostReady before the session ends with "host_ready_timeout".</summary>
    public TimeSpan HostReadyTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
