using System.Threading.Channels;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// Who gets into one hosted session. Anyone who reaches the port may try, so a dialler is first a candidate: the host
/// runs the handshake with it, seats the first one that proves to be the introduced peer, and turns the others away.
/// A stranger that connects first therefore cannot take the seat from the peer; a few candidates are checked at once,
/// and more are told to try again. Once a candidate is seated, or the session is over, every dialler is refused.
/// </summary>
internal sealed class PeerAdmission
{
    /// <summary>The response header that tells a dialler it is let in as a candidate.</summary>
    public const string AdmittedHeader = "logchat-admitted";

    /// <summary>
    /// The response header, sent with <see cref="AdmittedHeader"/>, that names the peer protocol the host speaks, so that a
    /// dialler the host turns away for speaking another one can say so. A host that sends none speaks version 1.
    /// </summary>
    public const string ProtocolHeader = "logchat-peer-protocol";

    /// <summary>Candidates checked at the same time; one more is told the listener is busy.</summary>
    public const int MaxCandidates = 4;

    private readonly Lock _gate = new();
    private readonly Channel<PeerCandidate> _arrivals = Channel.CreateUnbounded<PeerCandidate>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _sessionOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unjudged;
    private bool _closed;

    /// <summary>Completes when the host's session has ended and the seated call may finish.</summary>
    public Task SessionOver => _sessionOver.Task;

    /// <summary>Lets a dialler in as a candidate, or says why not.</summary>
    public AdmissionDecision TryEnter(IPeerMessageTransport transport, out PeerCandidate? candidate)
    {
        lock (_gate)
        {
            candidate = null;
            if (_closed)
            {
                return AdmissionDecision.Closed;
            }

            if (_unjudged >= MaxCandidates)
            {
                return AdmissionDecision.Busy;
            }

            _unjudged++;
            candidate = new PeerCandidate(transport, OnJudged);
            return AdmissionDecision.Entered;
        }
    }

    /// <summary>Hands a candidate that has been told it is in to the host.</summary>
    public void Present(PeerCandidate candidate)
    {
        if (!_arrivals.Writer.TryWrite(candidate))
        {
            candidate.Reject();
        }
    }

    /// <summary>The next candidate for the host to check.</summary>
    public ValueTask<PeerCandidate> NextAsync(CancellationToken cancellationToken) => _arrivals.Reader.ReadAsync(cancellationToken);

    /// <summary>Ends the session: the seated call finishes, waiting candidates are turned away, nobody else gets in.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _arrivals.Writer.TryComplete();
        while (_arrivals.Reader.TryRead(out var waiting))
        {
            waiting.Reject();
        }

        _sessionOver.TrySetResult();
    }

    private void OnJudged(bool seated)
    {
        lock (_gate)
        {
            _unjudged--;
            _closed |= seated;
        }
    }
}
