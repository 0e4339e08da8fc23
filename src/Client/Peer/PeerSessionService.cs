using Grpc.Core;
using LogChat.Protocol.Peer.V1;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Peer;

/// <summary>The host's <c>Peer</c> gRPC service: admits exactly one dialler per listener and keeps its stream open for the session.</summary>
internal sealed class PeerSessionService(PeerAdmission admission) : PeerService.PeerBase
{
    public override async Task Session(
        IAsyncStreamReader<PeerMessage> requestStream,
        IServerStreamWriter<PeerMessage> responseStream,
        ServerCallContext context)
    {
        if (!admission.TryTake())
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "This listener already serves its one peer."));
        }

        // Headers now, so the dialler knows it was admitted before it starts the handshake.
        await context.WriteResponseHeadersAsync([new Metadata.Entry(PeerAdmission.AdmittedHeader, "1")]).ConfigureAwait(false);
        var transport = new GrpcPeerTransport(requestStream, responseStream);
        admission.Admit(transport);
        try
        {
            await admission.SessionOver.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The dialler went away; the host's conversation notices on its own.
        }
    }
}
