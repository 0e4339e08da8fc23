using Grpc.Core;
using LogChat.Gateway.Auth;
using LogChat.Gateway.Rpc;
using LogChat.Gateway.Tests.Fuzzing;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class FailClosedAuthenticationTests(GatewayServer server)
{
    // One frame holding an empty message: every request type parses it (all of its fields at their defaults).
    private static readonly byte[] EmptyMessage = [0, 0, 0, 0, 0];

    [Fact]
    public async Task Every_method_of_the_service_description_refuses_a_caller_without_a_token_unless_declared_anonymous()
    {
        using var client = new RawGrpcClient(server.Address);
        foreach (var method in Coordinator.Descriptor.Methods)
        {
            var name = AnonymousMethods.FullName(method);
            var answer = await client.CallAsync(name, EmptyMessage);
            if (AnonymousMethods.Contains(name))
            {
                Assert.False(answer.Status == StatusCode.Unauthenticated && answer.Message.Contains("bearer token", StringComparison.Ordinal), $"{name}: {answer}");
            }
            else
            {
                Assert.True(answer.Status == StatusCode.Unauthenticated, $"{name}: {answer}");
                Assert.Contains("log in", answer.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Register_and_Login_are_declared_anonymous_and_Connect_is_not()
    {
        Assert.True(AnonymousMethods.Contains("/logchat.coordinator.v1.Coordinator/Register"));
        Assert.True(AnonymousMethods.Contains("/logchat.coordinator.v1.Coordinator/Login"));
        Assert.False(AnonymousMethods.Contains("/logchat.coordinator.v1.Coordinator/Connect"));
        Assert.False(AnonymousMethods.Contains("/logchat.coordinator.v1.Coordinator/NotInTheContract"));
    }

    [Fact]
    public async Task Every_handler_kind_is_authenticated_before_the_handler_runs()
    {
        var interceptor = server.Services.GetRequiredService<CoordinatorCallInterceptor>();
        var ran = 0;
        Task<string> Handle() => Task.FromResult(Interlocked.Increment(ref ran).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var calls = new Func<ServerCallContext, Task>[]
        {
            context => interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => Handle()),
            context => interceptor.ServerStreamingServerHandler<string, string>("request", null!, context, (_, _, _) => Handle()),
            context => interceptor.ClientStreamingServerHandler<string, string>(null!, context, (_, _) => Handle()),
            context => interceptor.DuplexStreamingServerHandler<string, string>(null!, null!, context, (_, _, _) => Handle()),
        };

        foreach (var call in calls)
        {
            await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => call(new UnauthenticatedCallContext("/logchat.coordinator.v1.Coordinator/SomeFutureMethod")), "log in");
        }

        Assert.Equal(0, ran);
    }

    /// <summary>A call without an authorization header, as grpc-dotnet hands one to an interceptor.</summary>
    private sealed class UnauthenticatedCallContext(string method) : ServerCallContext
    {
        private readonly Dictionary<object, object> _userState = new() { ["__HttpContext"] = new DefaultHttpContext() };

        protected override string MethodCore => method;

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore => [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore => [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override IDictionary<object, object> UserStateCore => _userState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
