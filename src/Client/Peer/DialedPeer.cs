using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Client.Peer;

/// <summary>Dial mode's open connection: the TLS channel to the host and the one <c>Session</c> call on it.</summary>
public sealed class DialedPeer : IAsyncDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<PeerMessage, PeerMessage> _call;
    private readonly GrpcPeerTransport _transport;

    internal DialedPeer(GrpcChannel channel, AsyncDuplexStreamingCall<PeerMessage, PeerMessage> call, uint? hostProtocolVersion)
    {
        _channel = channel;
        _call = call;
        _transport = new GrpcPeerTransport(call.ResponseStream, call.RequestStream);
        HostProtocolVersion = hostProtocolVersion;
    }

    /// <summary>The call as a peer message transport.</summary>
    public IPeerMessageTransport Transport => _transport;

    /// <summary>The peer protocol the host said it speaks when it let this dialler in (null when it named none readable).</summary>
    public uint? HostProtocolVersion { get; }

    /// <summary>Half-closes the call so the host sees a clean end, then tears the connection down.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(CloseGrace))
        {
            try
            {
                await _call.RequestStream.CompleteAsync().WaitAsync(grace.Token).ConfigureAwait(false);
                while (await _call.ResponseStream.MoveNext(grace.Token).ConfigureAwait(false))
                {
                    // Frames after the end are not read; this only waits for the host to finish the call.
                }
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException or IOException)
            {
                // Already broken or slow to finish: disposing below ends it regardless.
            }
        }

        _call.Dispose();
        _channel.Dispose();
    }
}
