namespace LogChat.Silo.Configuration;

/// <summary>Graceful shutdown of a silo process (section <c>LogChat:Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "LogChat:Shutdown";

    /// <summary>
    /// How long a stopping process (SIGTERM) has to drain clients, finish in-flight calls and leave the cluster.
    /// Kubernetes' terminationGracePeriodSeconds must be longer.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
