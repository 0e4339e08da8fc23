namespace LogChat.Bench.Load.Baseline;

/// <summary>The bare stream server's open Connect streams.</summary>
internal sealed class BareStreamCount
{
    private long _open;

    public long Open => Interlocked.Read(ref _open);

    public void Opened() => Interlocked.Increment(ref _open);

    public void Closed() => Interlocked.Decrement(ref _open);
}
