using Grpc.Core;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Client.Peer;

/// <summary>
/// One side of a <c>Peer.Session</c> gRPC stream as an <see cref="IPeerMessageTransport"/>. Its callers send one
/// message at a time, as the contract asks (a gRPC stream takes one write at a time). A broken connection reads as the
/// end of the stream.
/// </summary>
public sealed class GrpcPeerTransport : IPeerMessageTransport
{
    private readonly IAsyncStreamReader<PeerMessage> _reader;
    private readonly IAsyncStreamWriter<PeerMessage> _writer;

    public GrpcPeerTransport(IAsyncStreamReader<PeerMessage> reader, IAsyncStreamWriter<PeerMessage> writer)
    {
        _reader = reader;
        _writer = writer;
    }

    public Task SendAsync(PeerMessage message, CancellationToken cancellationToken) => _writer.WriteAsync(message, cancellationToken);

    public async Task<PeerMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.MoveNext(cancellationToken).ConfigureAwait(false) ? _reader.Current : null;
        }
        catch (RpcException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The receive was cancelled.", ex, cancellationToken);
        }
        catch (RpcException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
