using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// Host mode: a temporary Kestrel gRPC server for one session, on an ephemeral port, with a fresh
/// self-signed certificate. It seats one dialler, the first to pass the handshake, and stops when disposed (when the
/// session ends).
/// No logging is configured, so nothing of the session reaches a log.
/// </summary>
public sealed class PeerListener : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);
    private readonly WebApplication _app;
    private readonly HostCertificate _certificate;
    private readonly PeerAdmission _admission;

    private PeerListener(WebApplication app, HostCertificate certificate, PeerAdmission admission, int port)
    {
        _app = app;
        _certificate = certificate;
        _admission = admission;
        Port = port;
    }

    /// <summary>The TCP port the listener accepts on.</summary>
    public int Port { get; }

    /// <summary>SHA-256 of the listener's DER certificate, to report with <c>ReportHostReady</c>.</summary>
    public byte[] CertificateSha256 => _certificate.Sha256.ToArray();

    /// <summary>Starts a listener on <paramref name="bindAddress"/> and an ephemeral port.</summary>
    public static async Task<PeerListener> StartAsync(IPAddress bindAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bindAddress);
        var certificate = HostCertificate.Create();
        var admission = new PeerAdmission();
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.Http2.MaxStreamsPerConnection = 2;
                kestrel.Listen(bindAddress, 0, endpoint =>
                {
                    endpoint.Protocols = HttpProtocols.Http2;
                    endpoint.UseHttps(certificate.Certificate);
                });
            });
            builder.Services.AddRouting();
            builder.Services.AddGrpc(grpc =>
            {
                grpc.MaxReceiveMessageSize = PeerLimits.MaxMessageBytes;
                grpc.MaxSendMessageSize = PeerLimits.MaxMessageBytes;
                grpc.EnableDetailedErrors = false;
            });
            builder.Services.AddSingleton(admission);
            app = builder.Build();
            app.MapGrpcService<PeerSessionService>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new PeerListener(app, certificate, admission, BoundPort(app));
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            certificate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits for the next dialler to check. Run the handshake on its transport, then <see cref="PeerCandidate.Seat"/> the
    /// one that passes (the seat's transport carries the conversation) and <see cref="PeerCandidate.Reject"/> the others.
    /// </summary>
    public async Task<PeerCandidate> NextCandidateAsync(CancellationToken cancellationToken) =>
        await _admission.NextAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _admission.Close();
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping forcibly after the grace period is fine: the session is over.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        var address = addresses.Single();
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
    }
}
