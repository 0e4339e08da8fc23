namespace LogChat.Client.Peer;

/// <summary>
/// The one nonce a listener answers <c>Peer.Probe</c> with: set for the duration of one reachability check, empty
/// otherwise. A newer check replaces an older one.
/// </summary>
internal sealed class ProbeNonce
{
    private readonly Lock _gate = new();
    private byte[] _current = [];

    /// <summary>The nonce to answer with, or empty when no check is under way.</summary>
    public byte[] Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Answers with <paramref name="nonce"/> until the returned handle is disposed (or a newer nonce is set).</summary>
    public IDisposable Expect(ReadOnlySpan<byte> nonce)
    {
        var expected = nonce.ToArray();
        lock (_gate)
        {
            _current = expected;
        }

        return new Expectation(this, expected);
    }

    private void Clear(byte[] expected)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, expected))
            {
                _current = [];
            }
        }
    }

    private sealed class Expectation(ProbeNonce owner, byte[] expected) : IDisposable
    {
        public void Dispose() => owner.Clear(expected);
    }
}
