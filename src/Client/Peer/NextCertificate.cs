namespace LogChat.Client.Peer;

/// <summary>
/// The certificate of the next session a listener hosts, made in the background ahead of time (and the one after
/// that as soon as it is taken), so that answering a chat does not wait for a key pair and a signature.
/// </summary>
internal sealed class NextCertificate : IDisposable
{
    private readonly Lock _gate = new();
    private Task<HostCertificate> _next = Make();
    private bool _disposed;

    /// <summary>A fresh certificate for one session; the caller owns it.</summary>
    public HostCertificate Take()
    {
        Task<HostCertificate> taken;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            taken = _next;
            _next = Make();
        }

        return taken.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _next.ContinueWith(
            static made =>
            {
                if (made.IsCompletedSuccessfully)
                {
                    made.Result.Dispose();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Task<HostCertificate> Make() => Task.Run(HostCertificate.Create);
}
