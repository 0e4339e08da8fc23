using Grpc.Core;
using Grpc.Net.Client;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// Dial mode: TLS over HTTP/2 to the host's endpoint, accepting exactly the certificate whose SHA-256
/// fingerprint the coordinator relayed, and nothing else (no CA, no name check, no fallback).
/// </summary>
public static class PeerDialer
{
    private static readonly TimeSpan BusyRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Connects and opens the session call; <see cref="PeerConnectionException"/> with a clear reason when that fails.</summary>
    public static async Task<DialedPeer> DialAsync(string host, int port, byte[] pinnedCertificateSha256, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentNullException.ThrowIfNull(pinnedCertificateSha256);
        var pin = new CertificatePin(pinnedCertificateSha256);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            SslOptions = pin.ClientOptions(),
        };
        var channel = GrpcChannel.ForAddress(new UriBuilder(Uri.UriSchemeHttps, host, port).Uri, new GrpcChannelOptions
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
                        return new DialedPeer(channel, call);
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
                    $"Refused the host at {host}:{port}: its TLS certificate does not match the fingerprint the coordinator gave.", ex);
            }

            if (ex is RpcException { StatusCode: StatusCode.PermissionDenied } refused)
            {
                throw new PeerConnectionException($"The host at {host}:{port} refused the connection: {refused.Status.Detail}", ex);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (busy)
            {
                throw new PeerConnectionException(
                    $"The host at {host}:{port} was still checking other connections after {connectTimeout.TotalSeconds:0} s.", ex);
            }

            throw new PeerConnectionException($"Could not reach the host at {host}:{port}.", ex);
        }
    }
}
