using Grpc.Core;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>A registered, logged-in bench user.</summary>
public sealed record BenchUser(string Username, Guid UserId, string Token)
{
    /// <summary>The password every bench user registers with.</summary>
    public const string Password = "bench-password-not-secret";

    public Metadata Authorization { get; } = new() { { "authorization", "Bearer " + Token } };

    public CallOptions Options(CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        new(Authorization, timeout is { } t ? DateTime.UtcNow + t : null, cancellationToken);
}
