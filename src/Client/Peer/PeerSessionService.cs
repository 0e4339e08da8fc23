using Grpc.Core;
using LogChat.Protocol.Peer.V1;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// The host's <c>Peer</c> gRPC service: lets a dialler in as a candidate and keeps its stream open while the host runs
/// the handshake on it, then for the whole session if it is seated, or ends it if it is turned away.
/// </summary>
internal sealed class PeerSessionService(PeerAdmission admission) : PeerService.PeerBase
{
    public override async Task Session(
        IAsyncStreamReader<PeerMessage> requestStream,
        IServerStreamWriter<PeerMessage> responseStream,
        ServerCallContext context)
    {
        var candidate = Enter(new GrpcPeerTransport(requestStream, responseStream));
        try
        {
            // Headers now, so the dialler knows it is in before it starts the handshake.
            await context.WriteResponseHeadersAsync([new Metadata.Entry(PeerAdmission.AdmittedHeader, "1")]).ConfigureAwait(false);
            admission.Present(candidate);
            if (!await candidate.Verdict.WaitAsync(context.CancellationToken).ConfigureAwait(false))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "This connection did not complete the secure handshake."));
            }

            await admission.SessionOver.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The dialler went away: a candidate's handshake fails on its own, a seated peer's conversation notices.
        }
        finally
        {
            // Frees the candidate's place if it was never judged; a seated candidate stays seated.
            candidate.Reject();
        }
    }

    private PeerCandidate Enter(GrpcPeerTransport transport) => admission.TryEnter(transport, out var candidate) switch
    {
        AdmissionDecision.Entered => candidate!,
        AdmissionDecision.Busy => throw new RpcException(new Status(StatusCode.ResourceExhausted, "This listener is checking other connections; try again.")),
        _ => throw new RpcException(new Status(StatusCode.PermissionDenied, "This listener already serves its one peer.")),
    };
}
