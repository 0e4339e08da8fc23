namespace LogChat.Bench.Load.Cli;

/// <summary>Where the running coordinator is, as bench.sh started it.</summary>
/// <param name="Gateway">The gateway's gRPC address (loopback, h2c).</param>
/// <param name="Metrics">The gateway's Prometheus endpoint.</param>
/// <param name="GatewayPid">The gateway's process id, for /proc.</param>
/// <param name="UsersFile">Registered bench users and their tokens, reused across scenarios.</param>
/// <param name="ResultsFolder">Where the Markdown results go.</param>
public sealed record BenchEnvironment(Uri Gateway, Uri Metrics, int GatewayPid, string UsersFile, string ResultsFolder)
{
    /// <summary>The database, from the environment so that its password stays off the command line.</summary>
    public static string DatabaseConnectionString =>
        Environment.GetEnvironmentVariable("LOGCHAT_BENCH_DATABASE")
        ?? throw new InvalidOperationException("LOGCHAT_BENCH_DATABASE is not set");

    public static BenchEnvironment From(BenchArguments args) => new(
        new Uri(args.Text("gateway", "http://127.0.0.1:50051")),
        new Uri(args.Text("metrics", "http://127.0.0.1:9090/metrics")),
        args.Number("gateway-pid", 0),
        args.Text("users-file", "bench-users.tsv"),
        args.Text("results", "results"));
}
