using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LogChat.Client.Peer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LogChat.Bench.Load.Peer;

/// <summary>
/// A Kestrel gRPC server with the peer service's shape and limits but no end-to-end encryption, on
/// loopback, either plaintext HTTP/2 or TLS with a fresh self-signed P-256 certificate (as a host's listener).
/// </summary>
public sealed class BaselinePeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BaselinePeerServer(WebApplication app, FrameSink sink, X509Certificate2? certificate, int port)
    {
        _app = app;
        Sink = sink;
        Certificate = certificate;
        Port = port;
    }

    public FrameSink Sink { get; }

    public X509Certificate2? Certificate { get; }

    public int Port { get; }

    public static async Task<BaselinePeerServer> StartAsync(bool tls, CancellationToken cancellationToken)
    {
        var certificate = tls ? CreateCertificate() : null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    endpoint.UseHttps(certificate);
                }
            }));
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = PeerLimits.MaxMessageBytes;
            grpc.MaxSendMessageSize = PeerLimits.MaxMessageBytes;
        });
        var sink = new FrameSink();
        builder.Services.AddSingleton(sink);
        var app = builder.Build();
        app.MapGrpcService<SinkPeerService>();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BaselinePeerServer(app, sink, certificate, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate?.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=logchat bench baseline", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
