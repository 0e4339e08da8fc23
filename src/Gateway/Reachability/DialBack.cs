using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Protocol.Peer.V1;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Reachability;

/// <summary>
/// Dials a client's peer listener back, to measure whether others can reach it: a TCP connection to the address the
/// gateway observed the client at (the caller never names it), TLS without checking the certificate (the probe
/// certificate is self-signed; what proves the listener is the client's is the nonce), then <c>Peer.Probe</c>, whose
/// answer must equal the nonce the client gave. Nothing of the answer but the comparison is kept.
/// </summary>
public sealed class DialBack(IOptions<ReachabilityOptions> options)
{
    /// <summary>The name a dial-back asks for in TLS, so that a listener presents its probe certificate.</summary>
    public const string ProbeServerName = "probe.peer.invalid";

    private readonly ReachabilityOptions _options = options.Value;

    public async Task<DialBackResult> ProbeAsync(IPAddress address, int port, ReadOnlyMemory<byte> nonce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DialBackTimeout);
        using var handler = Handler(address, port);
        using var channel = GrpcChannel.ForAddress(
            new UriBuilder(Uri.UriSchemeHttps, ProbeServerName, port).Uri,
            new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 1024, MaxRetryAttempts = 0 });
        try
        {
            var answer = await new Peer.PeerClient(channel).ProbeAsync(new ProbeRequest(), cancellationToken: timeout.Token);
            return CryptographicOperations.FixedTimeEquals(answer.Nonce.Span, nonce.Span)
                ? DialBackResult.Passed
                : DialBackResult.Failed($"something answered on port {port}, but not this client's listener");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unimplemented)
        {
            return DialBackResult.Failed($"port {port} could not be reached from outside");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled && !cancellationToken.IsCancellationRequested)
        {
            return DialBackResult.Failed($"port {port} did not answer within {_options.DialBackTimeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DialBackResult.Failed($"port {port} did not answer within {_options.DialBackTimeout.TotalSeconds:0.#} s");
        }
    }

    // The connection goes to the observed address whatever the URL says (the URL only carries the TLS server name).
    private SocketsHttpHandler Handler(IPAddress address, int port) => new()
    {
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectTimeout = _options.DialBackTimeout,
        SslOptions = new SslClientAuthenticationOptions
        {
            TargetHost = ProbeServerName,
            // A listener's probe certificate is self-signed and names nobody; the nonce is the proof, and no secret is sent.
#pragma warning disable CA5359
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
        },
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (SourceAddress(address.AddressFamily) is { } source)
                {
                    socket.Bind(new IPEndPoint(source, 0));
                }

                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private IPAddress? SourceAddress(AddressFamily family) =>
        IPAddress.TryParse(_options.DialBackSourceAddress, out var source) && source.AddressFamily == family ? source : null;
}
