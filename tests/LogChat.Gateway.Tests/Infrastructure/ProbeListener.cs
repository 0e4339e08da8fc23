using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Google.Protobuf;
using LogChat.Protocol.Peer.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>
/// What a client's peer listener is to the gateway's dial-back: a TLS gRPC server with a self-signed certificate whose
/// <c>Peer.Probe</c> answers the nonce it was last given. It counts the probes it answered.
/// </summary>
public sealed class ProbeListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProbeService _service;

    private ProbeListener(WebApplication app, ProbeService service, int port)
    {
        _app = app;
        _service = service;
        Port = port;
    }

    public int Port { get; }

    /// <summary>How many Probe calls reached this listener.</summary>
    public int Probes => _service.Probes;

    /// <summary>The nonce the next Probe answers.</summary>
    public byte[] Nonce
    {
        set => _service.Nonce = ByteString.CopyFrom(value);
    }

    public static async Task<ProbeListener> StartAsync(IPAddress address)
    {
        var service = new ProbeService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=probe.peer.invalid", key, HashAlgorithmName.SHA256);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.MapGrpcService<ProbeService>();
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;
        return new ProbeListener(app, service, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class ProbeService : Peer.PeerBase
    {
        private int _probes;

        public ByteString Nonce { get; set; } = ByteString.Empty;

        public int Probes => Volatile.Read(ref _probes);

        public override Task<ProbeResponse> Probe(ProbeRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref _probes);
            return Task.FromResult(new ProbeResponse { Nonce = Nonce });
        }
    }
}
