using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogChat.Client.Keys;

/// <summary>
/// The identity keys this profile has seen for each peer. The first key seen for a name is pinned
/// (trust on first use); a different key later is refused until the user runs <c>trust</c>.
/// </summary>
public sealed partial class PinStore
{
    private readonly string _path;
    private readonly Dictionary<string, PinnedKey> _pins;

    private PinStore(string path, Dictionary<string, PinnedKey> pins)
    {
        _path = path;
        _pins = pins;
    }

    /// <summary>Opens the pin store of <paramref name="profile"/> (empty when there is none yet).</summary>
    public static PinStore Open(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var pins = File.Exists(profile.PinsPath)
            ? JsonSerializer.Deserialize(File.ReadAllBytes(profile.PinsPath), PinsJson.Default.DictionaryStringPinnedKey) ?? []
            : [];
        return new PinStore(profile.PinsPath, new Dictionary<string, PinnedKey>(pins, StringComparer.Ordinal));
    }

    /// <summary>What this store knows about <paramref name="username"/>'s key, without changing anything.</summary>
    public PinState StateOf(string username, ReadOnlySpan<byte> identityKey)
    {
        if (!_pins.TryGetValue(Usernames.Normalize(username), out var pinned))
        {
            return PinState.Unknown;
        }

        if (!CryptographicOperations.FixedTimeEquals(pinned.IdentityKey, identityKey))
        {
            return PinState.Changed;
        }

        return pinned.Verified ? PinState.Verified : PinState.Pinned;
    }

    /// <summary>
    /// Accepts <paramref name="identityKey"/> for <paramref name="username"/>: pins it on first use, returns the state
    /// when it matches the pin, and throws <see cref="IdentityKeyChangedException"/> when it differs.
    /// </summary>
    public PinState CheckAndPin(string username, byte[] identityKey)
    {
        ArgumentNullException.ThrowIfNull(identityKey);
        var state = StateOf(username, identityKey);
        switch (state)
        {
            case PinState.Changed:
                throw new IdentityKeyChangedException(Usernames.Normalize(username));
            case PinState.Unknown:
                Pin(username, identityKey, verified: false);
                return PinState.Pinned;
            default:
                return state;
        }
    }

    /// <summary>Pins <paramref name="identityKey"/> for <paramref name="username"/>, replacing any earlier key, as verified by the user.</summary>
    public void Trust(string username, byte[] identityKey) => Pin(username, identityKey, verified: true);

    private void Pin(string username, byte[] identityKey, bool verified)
    {
        _pins[Usernames.Normalize(username)] = new PinnedKey(identityKey.ToArray(), verified, DateTimeOffset.UtcNow);
        PrivateFile.WriteAllBytes(_path, JsonSerializer.SerializeToUtf8Bytes(_pins, PinsJson.Default.DictionaryStringPinnedKey));
    }

    private sealed record PinnedKey(byte[] IdentityKey, bool Verified, DateTimeOffset PinnedAt);

    // Source-generated, so that the native (AOT) build reads and writes the file without reflection.
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
    [JsonSerializable(typeof(Dictionary<string, PinnedKey>))]
    private sealed partial class PinsJson : JsonSerializerContext;
}
