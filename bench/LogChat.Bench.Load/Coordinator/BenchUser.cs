using Google.Protobuf;
using Grpc.Core;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>A registered, logged-in bench user.</summary>
public sealed record BenchUser(string Username, Guid UserId, string Token)
{
    /// <summary>
    /// The login secret every bench user registers with. A real client derives it from the password on the device (one
    /// Argon2id pass of 64 MiB per user and start); the bench measures the coordinator, whose work per login is the same
    /// for any 32 bytes, so it sends fixed ones and spends no client time on derivations (docs/benchmarks.md).
    /// </summary>
    public static ByteString LoginSecret { get; } = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData("bench-login-secret-not-secret"u8));

    public Metadata Authorization { get; } = new() { { "authorization", "Bearer " + Token } };

    public CallOptions Options(CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        new(Authorization, timeout is { } t ? DateTime.UtcNow + t : null, cancellationToken);
}
