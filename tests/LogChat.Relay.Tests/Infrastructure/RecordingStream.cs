namespace LogChat.Relay.Tests.Infrastructure;

/// <summary>A tap between TLS and the relayed socket: keeps every raw byte read from and written to the relay.</summary>
internal sealed class RecordingStream(Stream inner) : Stream
{
    private readonly MemoryStream _read = new();
    private readonly MemoryStream _written = new();
    private readonly Lock _lock = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The raw bytes that came from the relay.</summary>
    public byte[] Read()
    {
        lock (_lock)
        {
            return _read.ToArray();
        }
    }

    /// <summary>The raw bytes sent to the relay.</summary>
    public byte[] Written()
    {
        lock (_lock)
        {
            return _written.ToArray();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        lock (_lock)
        {
            _read.Write(buffer.Span[..read]);
        }

        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _written.Write(buffer.Span);
        }

        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous reads only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous writes only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _read.Dispose();
            _written.Dispose();
        }

        base.Dispose(disposing);
    }
}
