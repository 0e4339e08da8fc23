using LogChat.Protocol.Peer;

namespace LogChat.Client.Peer;

/// <summary>
/// The single seat of a host's listener: the first dialler takes it, every later one is refused, and the
/// seat's call stays open until the session is over.
/// </summary>
internal sealed class PeerAdmission
{
    /// <summary>The response header that tells a dialler it holds the seat.</summary>
    public const string AdmittedHeader = "logchat-admitted";

    private readonly TaskCompletionSource<IPeerMessageTransport> _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _sessionOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _taken;

    /// <summary>Completes with the transport of the one admitted dialler.</summary>
    public Task<IPeerMessageTransport> Admitted => _admitted.Task;

    /// <summary>Completes when the host's session has ended and the admitted call may finish.</summary>
    public Task SessionOver => _sessionOver.Task;

    /// <summary>Takes the seat; false when it is already taken or the session is over.</summary>
    public bool TryTake() => Interlocked.Exchange(ref _taken, 1) == 0 && !_sessionOver.Task.IsCompleted;

    /// <summary>Hands the admitted dialler's transport to the host.</summary>
    public void Admit(IPeerMessageTransport transport) => _admitted.TrySetResult(transport);

    /// <summary>Ends the session: the admitted call finishes and nobody else gets in.</summary>
    public void Close()
    {
        Interlocked.Exchange(ref _taken, 1);
        _sessionOver.TrySetResult();
        _admitted.TrySetCanceled();
    }
}
