using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The AES-256-GCM keys of one direction. Frame counter c uses the key of generation
/// c / framesPerKey; moving to the next generation derives it from the chain secret and
/// destroys the old key and chain, so earlier frames cannot be decrypted from a later state.
/// </summary>
internal sealed class TrafficKeyRatchet : IDisposable
{
    private readonly ulong _framesPerKey;
    private SharedSecret _chain;
    private Key _key;
    private ulong _generation;

    /// <summary>Takes ownership of the generation-0 chain secret.</summary>
    public TrafficKeyRatchet(SharedSecret chain, ulong framesPerKey)
    {
        _framesPerKey = framesPerKey;
        _chain = chain;
        _key = SessionKeySchedule.TrafficKey(chain);
    }

    /// <summary>The key for frame <paramref name="counter"/>; counters must never go back.</summary>
    public Key KeyFor(ulong counter)
    {
        var generation = counter / _framesPerKey;
        if (generation < _generation)
        {
            throw new InvalidOperationException("A traffic key of an earlier generation was asked for.");
        }

        while (_generation < generation)
        {
            Advance();
        }

        return _key;
    }

    public void Dispose()
    {
        _key.Dispose();
        _chain.Dispose();
    }

    private void Advance()
    {
        var next = SessionKeySchedule.NextChain(_chain);
        _key.Dispose();
        _chain.Dispose();
        _chain = next;
        _key = SessionKeySchedule.TrafficKey(next);
        _generation++;
    }
}
