using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>
/// A stand-in gateway on loopback h2c: logs anyone in, counts the calls it gets, answers RequestChat as told, sends
/// the given events after <c>Connected</c>, and ends each Connect stream with <c>Draining</c> when told to drain.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGateway(WebApplication app, int port, Behaviour behaviour)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
        Calls = behaviour;
    }

    public string Url { get; }

    /// <summary>What this gateway does and what it was asked.</summary>
    public Behaviour Calls { get; }

    public static async Task<FakeGateway> StartAsync(Behaviour behaviour)
    {
        var port = LoopbackPorts.GetFree();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(behaviour);
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new FakeGateway(app, port, behaviour);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class Behaviour
    {
        public bool Drains { get; init; }

        public StatusCode? RequestChatAnswer { get; init; }

        /// <summary>The session id RequestChat answers with; a fresh one when null.</summary>
        public string? RequestChatSessionId { get; init; }

        /// <summary>Sent on every Connect stream right after <c>Connected</c>.</summary>
        public IReadOnlyList<ServerEvent> EventsAfterConnected { get; init; } = [];

        public ConcurrentBag<string> Received { get; } = [];
    }

    private sealed class Service(Behaviour behaviour) : Protocol.Coordinator.V1.Coordinator.CoordinatorBase
    {
        public override Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
        {
            behaviour.Received.Add("Login");
            return Task.FromResult(new LoginResponse { Token = "token", UserId = Guid.NewGuid().ToString() });
        }

        public override Task<RequestChatResponse> RequestChat(RequestChatRequest request, ServerCallContext context)
        {
            behaviour.Received.Add("RequestChat");
            return behaviour.RequestChatAnswer is { } status
                ? throw new RpcException(new Status(status, "the coordinator is busy or restarting: try again"))
                : Task.FromResult(new RequestChatResponse { SessionId = behaviour.RequestChatSessionId ?? Guid.NewGuid().ToString() });
        }

        public override async Task Connect(ConnectRequest request, IServerStreamWriter<ServerEvent> responseStream, ServerCallContext context)
        {
            behaviour.Received.Add("Connect");
            await responseStream.WriteAsync(new ServerEvent { Connected = new Connected { KeepAliveIntervalMs = 15_000 } });
            foreach (var serverEvent in behaviour.EventsAfterConnected)
            {
                await responseStream.WriteAsync(serverEvent);
            }

            if (behaviour.Drains)
            {
                await responseStream.WriteAsync(new ServerEvent { Draining = new Draining { ReconnectWithinMs = 5_000 } });
                return;
            }

            await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
