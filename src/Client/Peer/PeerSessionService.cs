using Grpc.Core;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using Microsoft.AspNetCore.Connections.Features;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// The listener's <c>Peer</c> gRPC service. <c>Session</c> lets a dialler in as a candidate of the one session its TLS
/// server name names (a dialler never reaches another session's seat) and keeps its stream open while the host runs the
/// handshake on it, then for the whole session if it is seated, or ends it if it is turned away. <c>Probe</c> answers
/// the coordinator's dial-back with the pending nonce.
/// </summary>
internal sealed class PeerSessionService(ListenerSessions sessions) : PeerService.PeerBase
{
    private static readonly string ProtocolVersion = PeerProtocol.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override Task<ProbeResponse> Probe(ProbeRequest request, ServerCallContext context) =>
        Task.FromResult(new ProbeResponse { Nonce = Google.Protobuf.ByteString.CopyFrom(sessions.Probe.Current) });

    public override async Task Session(
        IAsyncStreamReader<PeerMessage> requestStream,
        IServerStreamWriter<PeerMessage> responseStream,
        ServerCallContext context)
    {
        var serverName = context.GetHttpContext().Features.Get<ITlsHandshakeFeature>()?.HostName;
        var session = sessions.Find(serverName)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "This listener hosts no such session."));
        var candidate = Enter(session.Admission, new GrpcPeerTransport(requestStream, responseStream));
        try
        {
            // Headers now, so the dialler knows it is in before it starts the handshake.
            await context.WriteResponseHeadersAsync(
                [new Metadata.Entry(PeerAdmission.AdmittedHeader, "1"), new Metadata.Entry(PeerAdmission.ProtocolHeader, ProtocolVersion)]).ConfigureAwait(false);
            session.Admission.Present(candidate);
            if (!await candidate.Verdict.WaitAsync(context.CancellationToken).ConfigureAwait(false))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "This connection did not complete the secure handshake."));
            }

            await session.Admission.SessionOver.WaitAsync(context.CancellationToken).ConfigureAwait(false);
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

    private static PeerCandidate Enter(PeerAdmission admission, GrpcPeerTransport transport) => admission.TryEnter(transport, out var candidate) switch
    {
        AdmissionDecision.Entered => candidate!,
        AdmissionDecision.Busy => throw new RpcException(new Status(StatusCode.ResourceExhausted, "This listener is checking other connections; try again.")),
        _ => throw new RpcException(new Status(StatusCode.PermissionDenied, "This listener already serves its one peer.")),
    };
}
