namespace LogChat.Bench.Load.Peer;

/// <summary>Counts the frames a baseline server has read, and lets the sender wait until it has read them all.</summary>
public sealed class FrameSink
{
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    public void Add() => Interlocked.Increment(ref _received);

    /// <summary>Waits until <paramref name="count"/> frames arrived; polls, since only the end of a run waits.</summary>
    public async Task WaitForAsync(long count, CancellationToken cancellationToken)
    {
        while (Received < count)
        {
            await Task.Delay(1, cancellationToken);
        }
    }
}
