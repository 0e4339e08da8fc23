using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using LogChat.Protocol.Peer.V1;
using LogChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.System.Tests;

/// <summary>
/// A host from a release that speaks another peer protocol, on loopback TLS with a self-signed certificate the dialler
/// pins: it lets a dialler in announcing its version (<c>logchat-peer-protocol</c>), as every host does, reads the
/// dialler's hello and turns it away without a word, since it cannot answer a hello it does not speak.
/// </summary>
internal sealed class FuturePeerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private FuturePeerHost(WebApplication app, X509Certificate2 certificate, int port, ConcurrentQueue<PeerMessage> received)
    {
        _app = app;
        _certificate = certificate;
        Port = port;
        Received = received;
    }

    public int Port { get; }

    /// <summary>What the coordinator tells the dialler to pin.</summary>
    public byte[] CertificateSha256 => SHA256.HashData(_certificate.RawData);

    /// <summary>The first message of every dialler.</summary>
    public ConcurrentQueue<PeerMessage> Received { get; }

    public static async Task<FuturePeerHost> StartAsync(uint protocolVersion)
    {
        var certificate = SelfSigned();
        var port = LoopbackPorts.GetFree();
        var received = new ConcurrentQueue<PeerMessage>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new Service(protocolVersion, received));
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new FuturePeerHost(app, certificate, port, received);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=future logchat peer", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private sealed class Service(uint protocolVersion, ConcurrentQueue<PeerMessage> received) : PeerService.PeerBase
    {
        public override async Task Session(IAsyncStreamReader<PeerMessage> requestStream, IServerStreamWriter<PeerMessage> responseStream, ServerCallContext context)
        {
            await context.WriteResponseHeadersAsync(
            [
                new Metadata.Entry("logchat-admitted", "1"),
                new Metadata.Entry("logchat-peer-protocol", protocolVersion.ToString(CultureInfo.InvariantCulture)),
            ]);
            if (await requestStream.MoveNext(context.CancellationToken))
            {
                received.Enqueue(requestStream.Current);
            }

            throw new RpcException(new Status(StatusCode.PermissionDenied, "This connection did not complete the secure handshake."));
        }
    }
}
