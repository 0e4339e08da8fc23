using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogChat.System.Tests;

/// <summary>
/// A coordinator that lies: a real gRPC server (Kestrel, loopback h2c) implementing the Coordinator service, behind a
/// <see cref="LoopbackTcpRelay"/> that keeps every byte clients send. It logs anyone in and answers as its <see cref="Script"/>
/// says: renamed peers, swapped keys and user ids, a different key at every look-up, escape sequences in every string.
/// Every request's headers and body are recorded too (HPACK may compress header bytes on the wire).
/// </summary>
internal sealed class HostileCoordinator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LoopbackTcpRelay _relay;
    private readonly Script _script;

    private readonly X509Certificate2? _certificate;

    private HostileCoordinator(WebApplication app, LoopbackTcpRelay relay, Script script, X509Certificate2? certificate)
    {
        _app = app;
        _relay = relay;
        _script = script;
        _certificate = certificate;
    }

    /// <summary>What clients connect to: the recording relay in front of the server.</summary>
    public string Url => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{_relay.Port}";

    /// <summary>Every byte clients sent or got over TCP, and every request's decoded headers and body.</summary>
    public byte[] RecordedBytes() => [.. _relay.RecordedBytes(), .. _script.Requests.SelectMany(request => request)];

    /// <summary>
    /// Starts the coordinator: over h2c, or with <paramref name="selfSignedTls"/> over TLS with a certificate made for
    /// 127.0.0.1 that chains to no root this machine trusts.
    /// </summary>
    public static async Task<HostileCoordinator> StartAsync(Script script, bool selfSignedTls = false)
    {
        var port = LoopbackPorts.GetFree();
        var certificate = selfSignedTls ? SelfSignedForLoopback() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(script);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            await script.RecordAsync(context.Request);
            await next(context);
        });
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new HostileCoordinator(app, new LoopbackTcpRelay(port), script, certificate);
    }

    public async ValueTask DisposeAsync()
    {
        _relay.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate?.Dispose();
    }

    // Right in every way but one: its name is the address clients use, so only the missing trusted root can fail it.
    private static X509Certificate2 SelfSignedForLoopback()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>How the coordinator answers, and what it was asked.</summary>
    internal sealed class Script
    {
        /// <summary>The user id every login gets.</summary>
        public Guid CallerId { get; } = Guid.NewGuid();

        /// <summary>The bearer token every login gets.</summary>
        public string Token { get; } = "hostile-token-" + Guid.NewGuid().ToString("N");

        /// <summary>Every login secret a client sent to Register or Login.</summary>
        public ConcurrentQueue<byte[]> LoginSecrets { get; } = new();

        /// <summary>Answers GetUser, given how many look-ups came before (0 for the first).</summary>
        public Func<string, int, GetUserResponse> GetUser { get; init; } = (name, _) => throw new RpcException(new Status(StatusCode.NotFound, $"{name} is not here"));

        /// <summary>Answers RequestChat: the events to send on the stream for the new session, or a refusal to throw.</summary>
        public Func<string, IEnumerable<ServerEvent>> RequestChat { get; init; } = _ => [];

        /// <summary>The events to send on the stream once the client accepted a session.</summary>
        public Func<string, IEnumerable<ServerEvent>> AcceptChat { get; init; } = _ => [];

        /// <summary>Sent on every Connect stream right after <c>Connected</c>.</summary>
        public IReadOnlyList<ServerEvent> OnConnect { get; init; } = [];

        /// <summary>The detail of every failed dial-back.</summary>
        public string ReachabilityDetail { get; init; } = "not reachable";

        public ConcurrentQueue<string> Calls { get; } = new();

        public ConcurrentQueue<EndSessionRequest> Ended { get; } = new();

        public ConcurrentQueue<byte[]> Requests { get; } = new();

        public Channel<ServerEvent> Stream { get; } = Channel.CreateUnbounded<ServerEvent>();

        public int Lookups;

        public async Task RecordAsync(HttpRequest request)
        {
            request.EnableBuffering();
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            request.Body.Position = 0;
            var headers = string.Join('\n', request.Headers.Select(header => $"{header.Key}: {header.Value}"));
            Requests.Enqueue([.. global::System.Text.Encoding.UTF8.GetBytes(request.Path + "\n" + headers + "\n"), .. body.ToArray()]);
        }
    }

    private sealed class Service(Script script) : Coordinator.CoordinatorBase
    {
        public override Task<GetLoginSaltResponse> GetLoginSalt(GetLoginSaltRequest request, ServerCallContext context)
        {
            script.Calls.Enqueue("GetLoginSalt");
            return Task.FromResult(new GetLoginSaltResponse { Salt = ByteString.CopyFrom(new byte[16]) });
        }

        public override Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
        {
            script.Calls.Enqueue("Register");
            script.LoginSecrets.Enqueue(request.LoginSecret.ToByteArray());
            return Task.FromResult(new RegisterResponse { UserId = script.CallerId.ToString() });
        }

        public override Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
        {
            script.Calls.Enqueue("Login");
            script.LoginSecrets.Enqueue(request.LoginSecret.ToByteArray());
            return Task.FromResult(new LoginResponse { Token = script.Token, UserId = script.CallerId.ToString() });
        }

        public override Task<LogoutResponse> Logout(LogoutRequest request, ServerCallContext context) => Task.FromResult(new LogoutResponse());

        public override Task<GetUserResponse> GetUser(GetUserRequest request, ServerCallContext context)
        {
            script.Calls.Enqueue("GetUser");
            return Task.FromResult(script.GetUser(request.Username, Interlocked.Increment(ref script.Lookups) - 1));
        }

        public override Task<ObserveAddressResponse> ObserveAddress(ObserveAddressRequest request, ServerCallContext context)
        {
            var connection = context.GetHttpContext().Connection;
            return Task.FromResult(new ObserveAddressResponse
            {
                Observed = new NetworkEndpoint { Address = connection.RemoteIpAddress!.ToString(), Port = (uint)connection.RemotePort },
            });
        }

        public override Task<CheckReachabilityResponse> CheckReachability(CheckReachabilityRequest request, ServerCallContext context) =>
            Task.FromResult(new CheckReachabilityResponse
            {
                Reachable = false,
                Detail = script.ReachabilityDetail,
                Observed = new NetworkEndpoint { Address = "127.0.0.1", Port = 40000 },
                NatType = NatType.Symmetric,
            });

        public override async Task Connect(ConnectRequest request, IServerStreamWriter<ServerEvent> responseStream, ServerCallContext context)
        {
            await responseStream.WriteAsync(new ServerEvent { Connected = new Connected { UserId = script.CallerId.ToString(), KeepAliveIntervalMs = 15_000 } });
            foreach (var serverEvent in script.OnConnect)
            {
                await responseStream.WriteAsync(serverEvent);
            }

            try
            {
                await foreach (var serverEvent in script.Stream.Reader.ReadAllAsync(context.CancellationToken))
                {
                    await responseStream.WriteAsync(serverEvent);
                }
            }
            catch (OperationCanceledException)
            {
                // The client hung up.
            }
        }

        public override Task<RequestChatResponse> RequestChat(RequestChatRequest request, ServerCallContext context)
        {
            script.Calls.Enqueue("RequestChat");
            var sessionId = Guid.NewGuid().ToString();
            Send(script.RequestChat(sessionId));
            return Task.FromResult(new RequestChatResponse { SessionId = sessionId, ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(1)) });
        }

        public override Task<AcceptChatResponse> AcceptChat(AcceptChatRequest request, ServerCallContext context)
        {
            script.Calls.Enqueue("AcceptChat");
            Send(script.AcceptChat(request.SessionId));
            return Task.FromResult(new AcceptChatResponse { Role = SessionRole.Dial });
        }

        public override Task<DeclineChatResponse> DeclineChat(DeclineChatRequest request, ServerCallContext context)
        {
            script.Calls.Enqueue("DeclineChat");
            return Task.FromResult(new DeclineChatResponse());
        }

        public override Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
        {
            script.Ended.Enqueue(request);
            return Task.FromResult(new EndSessionResponse());
        }

        private void Send(IEnumerable<ServerEvent> events)
        {
            foreach (var serverEvent in events)
            {
                script.Stream.Writer.TryWrite(serverEvent);
            }
        }
    }
}
