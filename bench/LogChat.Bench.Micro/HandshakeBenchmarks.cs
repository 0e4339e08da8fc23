using BenchmarkDotNet.Attributes;

namespace LogChat.Bench.Micro;

/// <summary>One whole peer handshake, both sides in one thread's worth of work: key generation, signatures, key schedule, confirmation.</summary>
[MemoryDiagnoser]
public class HandshakeBenchmarks : IDisposable
{
    private readonly PeerSessionPair _pair = new();

    [Benchmark]
    public async Task Handshake()
    {
        var (dialer, host) = await _pair.HandshakeAsync();
        dialer.Dispose();
        host.Dispose();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _pair.Dispose();
        GC.SuppressFinalize(this);
    }
}
