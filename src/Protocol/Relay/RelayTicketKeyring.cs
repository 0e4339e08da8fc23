namespace LogChat.Protocol.Relay;

/// <summary>
/// The ticket keys one process holds: the first signs new tickets, every one verifies. Rotation adds the new key
/// second everywhere, then moves it first, then removes the old one, so that no ticket in flight fails.
/// </summary>
public sealed class RelayTicketKeyring
{
    private readonly RelayTicketKey?[] _byId = new RelayTicketKey?[256];

    /// <summary>A keyring from its keys, the signing key first; ids must be unique.</summary>
    public RelayTicketKeyring(IReadOnlyList<RelayTicketKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("a relay ticket keyring needs at least one key", nameof(keys));
        }

        foreach (var key in keys)
        {
            if (_byId[key.Id] is not null)
            {
                throw new ArgumentException($"relay ticket key id {key.Id} appears twice", nameof(keys));
            }

            _byId[key.Id] = key;
        }

        Current = keys[0];
    }

    /// <summary>The key that signs new tickets.</summary>
    public RelayTicketKey Current { get; }

    /// <summary>The key with <paramref name="id"/>, or null when this keyring has none.</summary>
    public RelayTicketKey? Find(byte id) => _byId[id];
}
