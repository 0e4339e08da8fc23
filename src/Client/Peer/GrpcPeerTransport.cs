using Grpc.Core;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Client.Peer;

/// <summary>
/// One side of a <c>Peer.Session</c> gRPC stream as an <see cref="IPeerMessageTransport"/>. Writes are
/// serialised (a gRPC stream takes one write at a time; text and heartbeats are sent concurrently).
/// A broken connection reads as the end of the stream.
/// </summary>
public sealed class GrpcPeerTransport : IPeerMessageTransport, IDisposable
{
    private readonly IAsyncStreamReader<PeerMessage> _reader;
    private readonly IAsyncStreamWriter<PeerMessage> _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public GrpcPeerTransport(IAsyncStreamReader<PeerMessage> reader, IAsyncStreamWriter<PeerMessage> writer)
    {
        _reader = reader;
        _writer = writer;
    }

    public async Task SendAsync(PeerMessage message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

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

    public void Dispose() => _writeLock.Dispose();
}
