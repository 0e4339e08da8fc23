namespace LogChat.Protocol.Relay;

/// <summary>One key shared by the coordinator and the relays, named on the wire by its one-byte id.</summary>
public sealed class RelayTicketKey
{
    /// <summary>The shortest secret accepted: as long as HMAC-SHA256's output.</summary>
    public const int MinSecretBytes = 32;

    private readonly byte[] _secret;

    /// <summary>A key from its id and secret; the secret is copied.</summary>
    public RelayTicketKey(byte id, ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException($"a relay ticket key's secret must be at least {MinSecretBytes} bytes", nameof(secret));
        }

        Id = id;
        _secret = secret.ToArray();
    }

    /// <summary>The key id written in the tickets it signs.</summary>
    public byte Id { get; }

    /// <summary>The HMAC key.</summary>
    public ReadOnlySpan<byte> Secret => _secret;
}
