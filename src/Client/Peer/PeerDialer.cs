using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Client.Peer.Punch;
using LogChat.Protocol.Sessions;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// Dial mode: TLS over HTTP/2 to the host's endpoint, asking by SNI for the session's certificate
/// (<see cref="PeerServerName.For"/>) and accepting exactly the one whose SHA-256 fingerprint the coordinator relayed,
/// and nothing else (no CA, no name check, no fallback).
/// </summary>
public static class PeerDialer
{
    private static readonly TimeSpan BusyRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Connects and opens the session call; <see cref="PeerConnectionException"/> with a clear reason when that fails.</summary>
    public static Task<DialedPeer> DialAsync(
        string host, int port, SessionId sessionId, byte[] pinnedCertificateSha256, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var pin = new CertificatePin(pinnedCertificateSha256);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            ConnectCallback = (_, ct) => TcpConnect.ToAsync(
                IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port), ct),
            SslOptions = pin.ClientOptions(),
        };
        return OpenSessionAsync(handler, pin, $"{host}:{port}", port, sessionId, connectTimeout, cancellationToken);
    }

    /// <summary>
    /// Opens the session call over <paramref name="punched"/>, a connection to the host already made (a hole punch), which
    /// the returned peer owns; <see cref="PeerConnectionException"/> with a clear reason when that fails.
    /// </summary>
    public static Task<DialedPeer> DialOverAsync(
        Socket punched, SessionId sessionId, byte[] pinnedCertificateSha256, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(punched);
        var remote = punched.RemoteEndPoint?.ToString() ?? "the punched connection";
        var pin = new CertificatePin(pinnedCertificateSha256);
        return OpenSessionAsync(new ConnectedSocketHandler(punched, pin), pin, remote, ((IPEndPoint)punched.RemoteEndPoint!).Port, sessionId, connectTimeout, cancellationToken);
    }

    // A host from before the header speaks version 1; a value that is no version says nothing.
    private static uint? HostProtocolVersion(Metadata headers) => headers.GetValue(PeerAdmission.ProtocolHeader) is not { } value
        ? 1u
        : uint.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;

    private static async Task<DialedPeer> OpenSessionAsync(
        HttpMessageHandler handler, CertificatePin pin, string host, int port, SessionId sessionId, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        // The URL carries only the server name; the connection goes to the host's address (the handler's).
        var channel = GrpcChannel.ForAddress(new UriBuilder(Uri.UriSchemeHttps, PeerServerName.For(sessionId), port).Uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = PeerLimits.MaxMessageBytes,
            MaxSendMessageSize = PeerLimits.MaxMessageBytes,
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        var busy = false;
        try
        {
            while (true)
            {
                var call = new PeerService.PeerClient(channel).Session(cancellationToken: cancellationToken);
                try
                {
                    var headers = await call.ResponseHeadersAsync.WaitAsync(timeout.Token).ConfigureAwait(false);
                    if (headers.Get(PeerAdmission.AdmittedHeader) is not null)
                    {
                        return new DialedPeer(channel, call, HostProtocolVersion(headers));
                    }

                    // Refused: the response is trailers-only, and reading it surfaces the host's status.
                    await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false);
                    throw new RpcException(new Status(StatusCode.PermissionDenied, "It did not admit this connection."));
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    // The host is checking other diallers (strangers may have connected first): try again until the timeout.
                    call.Dispose();
                    busy = true;
                    await Task.Delay(BusyRetryDelay, timeout.Token).ConfigureAwait(false);
                }
                catch
                {
                    call.Dispose();
                    throw;
                }
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or HttpRequestException)
        {
            channel.Dispose();
            if (pin.RefusedACertificate)
            {
                throw new PeerConnectionException(
                    $"Refused the host at {host}: its TLS certificate does not match the fingerprint the coordinator gave.", ex);
            }

            if (ex is RpcException { StatusCode: StatusCode.PermissionDenied } refused)
            {
                throw new PeerConnectionException($"The host at {host} refused the connection: {refused.Status.Detail}", ex);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (busy)
            {
                throw new PeerConnectionException(
                    $"The host at {host} was still checking other connections after {connectTimeout.TotalSeconds:0} s.", ex);
            }

            throw new PeerConnectionException($"Could not reach the host at {host}.", ex);
        }
    }
}
