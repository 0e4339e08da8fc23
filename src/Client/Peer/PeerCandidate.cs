using LogChat.Protocol.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// A dialler the host's listener let in to prove itself: it holds a stream on which the host runs the handshake.
/// The host seats the one whose handshake succeeds and turns the others away; until then the dialler's call waits.
/// </summary>
public sealed class PeerCandidate
{
    private readonly TaskCompletionSource<bool> _verdict = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<bool> _judged;

    internal PeerCandidate(IPeerMessageTransport transport, Action<bool> judged)
    {
        Transport = transport;
        _judged = judged;
    }

    /// <summary>The candidate's stream: the handshake, and for the seated one, the conversation.</summary>
    public IPeerMessageTransport Transport { get; }

    /// <summary>Completes with true when seated, false when turned away.</summary>
    internal Task<bool> Verdict => _verdict.Task;

    /// <summary>Gives this candidate the listener's one seat: nobody else gets in any more.</summary>
    public void Seat() => Judge(true);

    /// <summary>Turns this candidate away (its handshake failed or another was seated); its call ends. Idempotent.</summary>
    public void Reject() => Judge(false);

    private void Judge(bool seated)
    {
        if (_verdict.TrySetResult(seated))
        {
            _judged(seated);
        }
    }
}
