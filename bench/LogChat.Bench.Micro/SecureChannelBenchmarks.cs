using BenchmarkDotNet.Attributes;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Bench.Micro;

/// <summary>
/// Sealing and opening one chat frame. Open cannot run alone (a frame opens once, in order), so it is
/// measured as Seal then Open on the other end; Open alone is the difference of the two.
/// </summary>
[MemoryDiagnoser]
public class SecureChannelBenchmarks : IDisposable
{
    private PeerSessionPair _pair = null!;
    private SecureChannel _dialer = null!;
    private SecureChannel _host = null!;
    private PeerPayload _payload = null!;

    /// <summary>Bytes of chat text per frame: a short message and the largest one.</summary>
    [Params(100, SecureChannel.MaxChatTextBytes)]
    public int TextBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pair = new PeerSessionPair();
        (_dialer, _host) = _pair.HandshakeAsync().GetAwaiter().GetResult();
        _payload = new PeerPayload { Text = new ChatText { Text = new string('m', TextBytes) } };
    }

    [Benchmark]
    public SealedFrame Seal() => _dialer.Seal(_payload);

    [Benchmark]
    public PeerPayload SealThenOpen() => _host.Open(_dialer.Seal(_payload));

    [GlobalCleanup]
    public void Dispose()
    {
        _dialer.Dispose();
        _host.Dispose();
        _pair.Dispose();
        GC.SuppressFinalize(this);
    }
}
