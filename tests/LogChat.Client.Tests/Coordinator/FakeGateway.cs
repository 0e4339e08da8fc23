using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Microsoft.AspNetCore.Builder;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>
/// A stand-in gateway on loopback h2c: logs anyone in, counts the calls it gets, answers RequestChat as told, sends
/// the given events after <c>Connected</c>, and ends each Connect stream with <c>Draining</c> when told to drain.
/// It observes callers' ports (on a second, probe port too when told) and answers CheckReachability by dialling the
/// caller's listener on loopback and calling <c>Peer.Probe</c>, as a real gateway does.
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
        int[] ports = behaviour.ServesProbePort ? [port, LoopbackPorts.GetFree()] : [port];
        behaviour.Ports = ports;
        var app = await LoopbackGrpcApp.StartAsync<Service, Behaviour>(ports, behaviour, grpc => grpc.Interceptors.Add<VersionRecorder>());
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

        /// <summary>Whether the gateway also serves a probe port, which ObserveAddress names.</summary>
        public bool ServesProbePort { get; init; }

        /// <summary>The ports this gateway serves: its URL's first.</summary>
        public IReadOnlyList<int> Ports { get; set; } = [];

        public ConcurrentBag<string> Received { get; } = [];

        /// <summary>Every ObserveAddress call: the gateway port it reached and the caller's port.</summary>
        public ConcurrentBag<(int GatewayPort, int CallerPort)> Observations { get; } = [];

        /// <summary>Every CheckReachability request.</summary>
        public ConcurrentBag<CheckReachabilityRequest> ReachabilityChecks { get; } = [];

        /// <summary>The version headers of every call, implemented or not, by method name: client, then protocol.</summary>
        public ConcurrentBag<(string Method, string? Client, string? Protocol)> VersionHeaders { get; } = [];

        /// <summary>Methods refused as a coordinator refuses a client older than it serves, naming <see cref="MinimumClient"/>.</summary>
        public IReadOnlySet<string> RefusesVersionOn { get; init; } = new HashSet<string>();

        public string MinimumClient { get; init; } = "99.0.0";
    }

    // Runs before every method, the ones this stand-in leaves unimplemented included.
    private sealed class VersionRecorder(Behaviour behaviour) : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            Record(context);
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(
            TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Record(context);
            return continuation(request, responseStream, context);
        }

        private void Record(ServerCallContext context)
        {
            var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
            behaviour.VersionHeaders.Add((
                method,
                context.RequestHeaders.GetValue(LogChat.Protocol.Versions.VersionHeaders.Client),
                context.RequestHeaders.GetValue(LogChat.Protocol.Versions.VersionHeaders.Protocol)));
            if (behaviour.RefusesVersionOn.Contains(method))
            {
                throw new RpcException(
                    new Status(StatusCode.FailedPrecondition, $"this coordinator serves logchat {behaviour.MinimumClient} or newer"),
                    new Metadata { { LogChat.Protocol.Versions.VersionHeaders.MinimumClientTrailer, behaviour.MinimumClient } });
            }
        }
    }

    private sealed class Service(Behaviour behaviour) : Protocol.Coordinator.V1.Coordinator.CoordinatorBase
    {
        public override Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
        {
            behaviour.Received.Add("Login");
            return Task.FromResult(new LoginResponse { Token = "token", UserId = Guid.NewGuid().ToString() });
        }

        public override Task<ObserveAddressResponse> ObserveAddress(ObserveAddressRequest request, ServerCallContext context)
        {
            behaviour.Received.Add("ObserveAddress");
            var connection = context.GetHttpContext().Connection;
            behaviour.Observations.Add((connection.LocalPort, connection.RemotePort));
            return Task.FromResult(new ObserveAddressResponse
            {
                Observed = new NetworkEndpoint { Address = connection.RemoteIpAddress!.ToString(), Port = (uint)connection.RemotePort },
                ProbePorts = { behaviour.Ports.Where(port => port != connection.LocalPort).Select(port => (uint)port) },
            });
        }

        public override async Task<CheckReachabilityResponse> CheckReachability(CheckReachabilityRequest request, ServerCallContext context)
        {
            behaviour.Received.Add("CheckReachability");
            behaviour.ReachabilityChecks.Add(request);
            var answer = request.Port == 0 ? null : await LoopbackDialBack.ProbeAsync((int)request.Port);
            var reachable = answer is not null && answer.Span.SequenceEqual(request.Nonce.Span);
            return new CheckReachabilityResponse
            {
                Reachable = reachable,
                Detail = reachable ? string.Empty : $"port {request.Port} answered no matching nonce",
                NatType = reachable ? NatType.None : NatType.Restricted,
            };
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
