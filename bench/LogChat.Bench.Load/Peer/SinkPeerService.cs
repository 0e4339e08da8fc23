using Grpc.Core;
using LogChat.Protocol.Peer.V1;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Bench.Load.Peer;

/// <summary>
/// The baselines' receiving end: the same Peer.Session bidirectional stream, whose frames carry the
/// serialized payload in the clear. It parses each payload, as the real receiver does after decrypting.
/// </summary>
internal sealed class SinkPeerService(FrameSink sink) : PeerService.PeerBase
{
    public override async Task Session(IAsyncStreamReader<PeerMessage> requestStream, IServerStreamWriter<PeerMessage> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var payload = PeerPayload.Parser.ParseFrom(requestStream.Current.Frame.Ciphertext);
            if (payload.KindCase == PeerPayload.KindOneofCase.Text)
            {
                sink.Add();
            }
        }
    }
}
