using System.Net;
using System.Net.Sockets;
using LogChat.Client.Peer.Punch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Peer;

/// <summary>
/// The client's peer listener: a Kestrel gRPC server opened when the client goes online and kept for the life of the
/// process, so that the coordinator can probe it and a chat does not wait for it to start. Each hosted session presents
/// its own fresh certificate to diallers that name it by SNI (<see cref="PeerServerName"/>) and seats one of them; any
/// other name gets the listener's probe certificate, which serves only <c>Peer.Probe</c>.
/// No logging is configured, so nothing of a session reaches a log.
/// </summary>
public sealed class PeerListener : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);
    private readonly WebApplication _app;
    private readonly ListenerSessions _sessions;
    private readonly ConnectedSocketEndPoint _punched;

    private PeerListener(WebApplication app, ListenerSessions sessions, ConnectedSocketEndPoint punched, int port, string? requestedPortProblem)
    {
        _app = app;
        _sessions = sessions;
        _punched = punched;
        Port = port;
        RequestedPortProblem = requestedPortProblem;
    }

    /// <summary>The TCP port the listener accepts on.</summary>
    public int Port { get; }

    /// <summary>Why the requested port could not be used (the listener took another one), or null when it was used.</summary>
    public string? RequestedPortProblem { get; }

    /// <summary>
    /// Starts a listener on <paramref name="bindAddress"/> and <paramref name="port"/> (0: an ephemeral port). When the
    /// port cannot be bound (in use by another process, say), the listener takes an ephemeral port instead and says why in
    /// <see cref="RequestedPortProblem"/>.
    /// </summary>
    public static async Task<PeerListener> StartAsync(IPAddress bindAddress, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bindAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        try
        {
            return await StartOnAsync(bindAddress, port, null, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (port != 0)
        {
            var problem = ex.InnerException is AddressInUseException ? "it is in use by another program" : ex.Message;
            return await StartOnAsync(bindAddress, 0, $"port {port} could not be used ({problem})", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Serves a connection to a dialler already made (a hole punch) like an accepted one: the same TLS, sessions and seats.
    /// The listener owns <paramref name="connected"/> from now on.
    /// </summary>
    public void ServePunched(Socket connected) => _punched.Serve(connected);

    /// <summary>Starts hosting <paramref name="sessionId"/>: a fresh certificate for it, and its own seat.</summary>
    public HostedSession OpenSession(SessionId sessionId) => _sessions.Open(sessionId, Port);

    /// <summary>
    /// Answers <c>Peer.Probe</c> with <paramref name="nonce"/> until the returned handle is disposed; one nonce at a time,
    /// a newer one replaces the older.
    /// </summary>
    public IDisposable ExpectProbe(ReadOnlySpan<byte> nonce) => _sessions.Probe.Expect(nonce);

    public async ValueTask DisposeAsync()
    {
        _sessions.CloseAll();
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping forcibly after the grace period is fine: the process is done with peers.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _sessions.Dispose();
    }

    private static async Task<PeerListener> StartOnAsync(IPAddress bindAddress, int port, string? requestedPortProblem, CancellationToken cancellationToken)
    {
        var sessions = new ListenerSessions();
        var punched = new ConnectedSocketEndPoint();
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.Http2.MaxStreamsPerConnection = 2;
                kestrel.Listen(bindAddress, port, endpoint => ServeTls(endpoint, sessions));
                kestrel.Listen(punched, endpoint => ServeTls(endpoint, sessions));
            });
            builder.Services.AddConnectedSocketTransport();
            builder.Services.AddRouting();
            builder.Services.AddGrpc(grpc =>
            {
                grpc.MaxReceiveMessageSize = PeerLimits.MaxMessageBytes;
                grpc.MaxSendMessageSize = PeerLimits.MaxMessageBytes;
                grpc.EnableDetailedErrors = false;
            });
            builder.Services.AddSingleton(sessions);
            app = builder.Build();
            app.MapGrpcService<PeerSessionService>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new PeerListener(app, sessions, punched, BoundPort(app), requestedPortProblem);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            sessions.Dispose();
            throw;
        }
    }

    // Every session is served the same TLS: the certificate the dialler names by SNI, or the probe certificate.
    private static void ServeTls(ListenOptions endpoint, ListenerSessions sessions)
    {
        endpoint.Protocols = HttpProtocols.Http2;
        endpoint.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, serverName) => sessions.CertificateFor(serverName),
        });
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        var address = addresses.Single(a => !a.EndsWith(ConnectedSocketEndPoint.Name, StringComparison.Ordinal));
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
    }
}
