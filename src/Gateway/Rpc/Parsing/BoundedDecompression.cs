using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace LogChat.Gateway.Rpc.Parsing;

/// <summary>
/// A request compression the gateway accepts (gzip, deflate), with the two failures grpc-dotnet leaves to the stream:
/// data that does not decompress is INVALID_ARGUMENT rather than an unexpected exception (UNKNOWN, a stack trace in
/// the log), and a body that decompresses to more than the request limit is RESOURCE_EXHAUSTED rather than read into
/// memory whole (the limit otherwise applies only to the compressed size).
/// </summary>
public sealed class BoundedDecompression(ICompressionProvider inner, int maxBytes, UnparseableRequests unparseable) : ICompressionProvider
{
    public string EncodingName => inner.EncodingName;

    private int MaxBytes => maxBytes;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new BoundedStream(inner.CreateDecompressionStream(stream), this);

    private RpcException Corrupt() => unparseable.Refuse(EncodingName, $"the request body is not valid {EncodingName} data");

    private RpcException TooLarge() =>
        new(new Status(StatusCode.ResourceExhausted, $"the request decompresses to more than {maxBytes} bytes"));

    private sealed class BoundedStream(Stream decompressing, BoundedDecompression owner) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            try
            {
                read = decompressing.Read(buffer);
            }
            catch (InvalidDataException)
            {
                throw owner.Corrupt();
            }

            _read += read;
            return _read > owner.MaxBytes ? throw owner.TooLarge() : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                decompressing.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
