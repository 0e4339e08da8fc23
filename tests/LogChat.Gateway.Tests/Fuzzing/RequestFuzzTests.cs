using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Health.V1;
using LogChat.Gateway.Auth;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace LogChat.Gateway.Tests.Fuzzing;

/// <summary>A gateway of its own whose log the test reads.</summary>
public sealed class LoggedGatewayServer : GatewayServer
{
    public CapturedLog Log { get; } = new();

    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.AddProvider(Log);
}

[Trait("Category", "Postgres")]
public sealed class RequestFuzzTests(LoggedGatewayServer server, ITestOutputHelper output) : IClassFixture<LoggedGatewayServer>
{
    private const int Seed = 1811;
    private const int BodiesPerMethodAndCaller = 120;
    private const int MaxRequestBytes = 16 * 1024;

    // What grpc-dotnet itself answers, as INTERNAL, to a body whose framing is broken before any message exists.
    private static readonly HashSet<string> FramingErrors =
    [
        "Incomplete message.",
        "Additional data after the message received.",
        "Request did not include grpc-encoding value with compressed message.",
    ];

    [Fact]
    public async Task Random_and_mutated_requests_to_every_method_get_precise_statuses_and_leave_no_error_in_the_log()
    {
        var user = await TestUser.CreateAsync(server, "fuzz");
        var leaver = await TestUser.CreateAsync(server, "leaver");
        var random = new Random(Seed);
        var kinds = Enum.GetValues<FuzzKind>();
        var calls = new List<(string Method, FuzzBody Body, string? Token)>();
        foreach (var method in Coordinator.Descriptor.Methods)
        {
            // Logout's token is revoked by the first Logout that parses: another user's, so the other calls keep theirs.
            var token = method.Name == "Logout" ? leaver.Token : user.Token;
            foreach (var caller in new[] { null, token })
            {
                for (var i = 0; i < BodiesPerMethodAndCaller; i++)
                {
                    calls.Add((AnonymousMethods.FullName(method), FuzzBody.Make(kinds[i % kinds.Length], method.InputType, random, MaxRequestBytes), caller));
                }
            }
        }

        using var client = new RawGrpcClient(server.Address);
        var answers = new ConcurrentBag<(string Method, FuzzBody Body, bool Authenticated, RawGrpcAnswer Answer)>();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (call, _) =>
            answers.Add((call.Method, call.Body, call.Token is not null, await client.CallAsync(call.Method, call.Body.Content, call.Token, call.Body.Encoding))));

        Report(answers.Select(a => (a.Body.Kind, a.Answer)));
        Assert.Equal(calls.Count, answers.Count);
        Assert.DoesNotContain(answers, a => a.Answer.Status == StatusCode.Unknown);
        Assert.DoesNotContain(answers, a => a.Answer.Status == StatusCode.Internal && (a.Body.WellFramed || !FramingErrors.Contains(a.Answer.Message)));
        Assert.DoesNotContain(answers, a => LeaksException(a.Answer.Message));
        Assert.Contains(answers, a => a.Answer.Status == StatusCode.InvalidArgument && a.Answer.Message.StartsWith("the request body is not a valid", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.Body.Kind == FuzzKind.CorruptGzip && a.Answer.Message == "the request body is not valid gzip data");
        Assert.All(answers.Where(a => !a.Authenticated && !AnonymousMethods.Contains(a.Method) && a.Body.WellFramed),
            a => Assert.True(a.Answer.Status is StatusCode.Unauthenticated or StatusCode.InvalidArgument, $"{a.Method} {a.Body.Kind}: {a.Answer}"));

        var log = server.Log.Entries;
        Assert.DoesNotContain(log, entry => entry.Level >= LogLevel.Error);
        Assert.DoesNotContain(log, entry => entry.Category.StartsWith("Polly", StringComparison.Ordinal) && entry.Level < LogLevel.Warning);
        var unparseableWarnings = log.Where(entry => entry.Category.EndsWith(".UnparseableRequests", StringComparison.Ordinal)).ToList();
        Assert.InRange(unparseableWarnings.Count, 1, 2);
        Assert.All(unparseableWarnings, entry => Assert.False(entry.HasException));
        var health = new Grpc.Health.V1.Health.HealthClient(server.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    private static bool LeaksException(string message) =>
        new[] { "Exception", "exception", "System.", "Google.Protobuf", "Grpc.", "Orleans", "Npgsql", "   at ", "\n" }.Any(sign => message.Contains(sign, StringComparison.Ordinal));

    // The figures for the record: how many calls of each kind got which status.
    private void Report(IEnumerable<(FuzzKind Kind, RawGrpcAnswer Answer)> answers)
    {
        var all = answers.ToList();
        output.WriteLine($"{all.Count} fuzzed calls (seed {Seed})");
        foreach (var group in all.GroupBy(a => a.Answer.Opened ? "STREAM_OPENED" : a.Answer.Status.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key}: {group.Count()} ({string.Join(", ", group.GroupBy(a => a.Kind).Select(k => $"{k.Key} {k.Count()}"))})");
            output.WriteLine($"    e.g. {string.Join("; ", group.Select(a => a.Answer.Message).Distinct().Take(4))}");
        }
    }
}
