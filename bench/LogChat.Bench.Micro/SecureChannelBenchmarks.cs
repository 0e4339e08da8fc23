using BenchmarkDotNet.Attributes;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Bench.Micro;

/// <summary>
/// Sealing and opening one chat frame into buffers the caller keeps, as a conversation does. Open cannot run alone
/// (a frame opens once, in order), so it is measured as Seal then Open on the other end; Open alone is the
/// difference of the two. Both should allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class SecureChannelBenchmarks : IDisposable
{
    private PeerSessionPair _pair = null!;
    private SecureChannel _dialer = null!;
    private SecureChannel _host = null!;
    private PeerPayload _payload = null!;
    private byte[] _ciphertext = null!;
    private byte[] _plaintext = null!;

    /// <summary>Bytes of chat text per frame: a short message and the largest one.</summary>
    [Params(100, SecureChannel.MaxChatTextBytes)]
    public int TextBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pair = new PeerSessionPair();
        (_dialer, _host) = _pair.HandshakeAsync().GetAwaiter().GetResult();
        _payload = new PeerPayload { Text = new ChatText { Text = new string('m', TextBytes) } };
        _ciphertext = new byte[SecureChannel.MaxCiphertextBytes];
        _plaintext = new byte[SecureChannel.MaxPlaintextBytes];
    }

    [Benchmark]
    public int Seal() => _dialer.Seal(_payload, _ciphertext, out _);

    [Benchmark]
    public int SealThenOpen()
    {
        var length = _dialer.Seal(_payload, _ciphertext, out var counter);
        return _host.Open(counter, _ciphertext.AsSpan(0, length), _plaintext);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _dialer.Dispose();
        _host.Dispose();
        _pair.Dispose();
        GC.SuppressFinalize(this);
    }
}
