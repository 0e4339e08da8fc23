namespace LogChat.Hosting.Admin;

/// <summary>
/// Which health checks feed which probe. Checks carry the tags <see cref="Live"/> and <see cref="Ready"/>; gRPC
/// health serves them as the services <see cref="LivenessService"/> and <see cref="ReadinessService"/>, and all
/// of them as the overall service <c>""</c>.
/// </summary>
public static class HealthTags
{
    /// <summary>Failing means the process should be restarted.</summary>
    public const string Live = "live";

    /// <summary>Failing means the process should get no new clients.</summary>
    public const string Ready = "ready";

    /// <summary>The gRPC health service name of the liveness checks.</summary>
    public const string LivenessService = "liveness";

    /// <summary>The gRPC health service name of the readiness checks.</summary>
    public const string ReadinessService = "readiness";
}
