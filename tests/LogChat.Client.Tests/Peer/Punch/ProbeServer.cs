using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Client.Peer;
using LogChat.Client.Peer.Punch;
using LogChat.Protocol.Peer.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Tests.Peer.Punch;

/// <summary>
/// A Kestrel gRPC server (HTTP/2, TLS with a fresh self-signed certificate) answering <c>Peer.Probe</c> on a loopback
/// port and on a <see cref="ConnectedSocketEndPoint"/>; it records the peer address of every call.
/// </summary>
internal sealed class ProbeServer(WebApplication app, HostCertificate certificate, ConnectedSocketEndPoint connected, ProbeServer.ProbeCalls calls, int port)
    : IAsyncDisposable
{
    public static readonly ByteString Nonce = ByteString.CopyFromUtf8("probe nonce");

    /// <summary>Where injected sockets are served.</summary>
    public ConnectedSocketEndPoint Connected => connected;

    /// <summary>The loopback port of the regular listener.</summary>
    public int Port => port;

    public ProbeCalls Calls => calls;

    /// <summary>SHA-256 of the server's certificate, for the clients' pin.</summary>
    public byte[] CertificateSha256 => certificate.Sha256;

    /// <summary>Starts a server that speaks the TLS versions <paramref name="protocols"/> (by default the system's).</summary>
    public static async Task<ProbeServer> StartAsync(SslProtocols protocols = SslProtocols.None)
    {
        var certificate = HostCertificate.Create();
        var connected = new ConnectedSocketEndPoint();
        var calls = new ProbeCalls();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => Secure(listen, certificate, protocols));
            kestrel.Listen(connected, listen => Secure(listen, certificate, protocols));
        });
        builder.Services.AddConnectedSocketTransport();
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(calls);
        var app = builder.Build();
        app.MapGrpcService<ProbeService>();
        await app.StartAsync();
        return new ProbeServer(app, certificate, connected, calls, LoopbackPort(app));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }

    private static void Secure(ListenOptions listen, HostCertificate certificate, SslProtocols protocols)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate.Certificate, SslProtocols = protocols });
    }

    private static int LoopbackPort(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address))
            .Single(address => address.Host == "127.0.0.1")
            .Port;

    /// <summary>The peer address (<c>ipv4:127.0.0.1:port</c>) of every probe served.</summary>
    internal sealed class ProbeCalls
    {
        public ConcurrentQueue<string> Peers { get; } = new();
    }

    private sealed class ProbeService(ProbeCalls calls) : PeerService.PeerBase
    {
        public override Task<ProbeResponse> Probe(ProbeRequest request, ServerCallContext context)
        {
            calls.Peers.Enqueue(context.Peer);
            return Task.FromResult(new ProbeResponse { Nonce = Nonce });
        }
    }
}
