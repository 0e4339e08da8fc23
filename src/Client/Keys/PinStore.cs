using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using LogChat.Protocol.Accounts;

namespace LogChat.Client.Keys;

/// <summary>
/// The identity keys this profile has seen, each for one user id and one username together. A first contact's key is
/// pinned only once a handshake proved the peer holds it (trust on first use); later, a different key, or the same name
/// under another user id, or the same user id under another name, is refused until the user runs <c>trust</c>.
/// </summary>
public sealed partial class PinStore
{
    private const int CurrentVersion = 2;
    private readonly string _path;
    private readonly List<PinnedKey> _pins;

    private PinStore(string path, List<PinnedKey> pins)
    {
        _path = path;
        _pins = pins;
    }

    /// <summary>Opens the pin store of <paramref name="profile"/> (empty when there is none yet).</summary>
    public static PinStore Open(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!File.Exists(profile.PinsPath))
        {
            return new PinStore(profile.PinsPath, []);
        }

        PinFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(profile.PinsPath), PinsJson.Default.PinFile);
        }
        catch (JsonException)
        {
            file = null;
        }

        if (file is not { Version: CurrentVersion, Pins: not null })
        {
            throw new InvalidDataException(
                $"{profile.PinsPath} was written by an older logchat, which pinned keys by name alone; this one pins each key to a user id "
                + "and a name together. Move the file away: each contact is then a new contact again, whose safety number you compare anew.");
        }

        return new PinStore(profile.PinsPath, [.. file.Pins]);
    }

    /// <summary>What this store knows about the user <paramref name="userId"/> named <paramref name="username"/> with this key.</summary>
    public PinState StateOf(Guid userId, string username, ReadOnlySpan<byte> identityKey)
    {
        var name = Usernames.Normalize(username);
        var byName = _pins.Find(pin => pin.Username == name);
        var byId = _pins.Find(pin => pin.UserId == userId);
        if (byName is null && byId is null)
        {
            return PinState.Unknown;
        }

        if (byName is null || !ReferenceEquals(byName, byId) || !CryptographicOperations.FixedTimeEquals(byName.IdentityKey, identityKey))
        {
            return PinState.Changed;
        }

        return byName.Verified ? PinState.Verified : PinState.Pinned;
    }

    /// <summary>
    /// The state of the key, refusing with <see cref="IdentityKeyChangedException"/> a key, name or user id that differs
    /// from the pin. Stores nothing: a first contact is pinned with <see cref="PinFirstContact"/> after its handshake.
    /// </summary>
    public PinState Check(Guid userId, string username, byte[] identityKey)
    {
        ArgumentNullException.ThrowIfNull(identityKey);
        var state = StateOf(userId, username, identityKey);
        return state == PinState.Changed ? throw new IdentityKeyChangedException(Usernames.Normalize(username)) : state;
    }

    /// <summary>
    /// Pins the key of a first contact whose handshake proved it holds the key (unverified); does nothing for a contact
    /// already pinned, and refuses a conflicting one.
    /// </summary>
    public void PinFirstContact(Guid userId, string username, byte[] identityKey)
    {
        if (Check(userId, username, identityKey) == PinState.Unknown)
        {
            Store(userId, username, identityKey, verified: false);
        }
    }

    /// <summary>
    /// Pins <paramref name="identityKey"/> as verified by the user for this user id and name, replacing every earlier pin of
    /// either.
    /// </summary>
    public void Trust(Guid userId, string username, byte[] identityKey)
    {
        ArgumentNullException.ThrowIfNull(identityKey);
        Store(userId, username, identityKey, verified: true);
    }

    /// <summary>
    /// Moves the pin of this user id and name to <paramref name="currentKey"/> when <paramref name="rotations"/> lead to it
    /// from the pinned key, each step signed by the key before (docs/protocol.md section 23). The chain is checked against
    /// the key pinned here, never one the coordinator names, so a coordinator cannot forge it. A verified pin stays verified:
    /// the key the user verified chose its successor. True when the pin moved; otherwise nothing changes, and a changed key
    /// stays <see cref="PinState.Changed"/> until the user runs <c>trust</c>.
    /// </summary>
    public bool FollowSignedRotation(Guid userId, string username, byte[] currentKey, IReadOnlyList<KeyRotation> rotations)
    {
        ArgumentNullException.ThrowIfNull(currentKey);
        ArgumentNullException.ThrowIfNull(rotations);
        var name = Usernames.Normalize(username);
        var pin = _pins.Find(p => p.Username == name);
        if (pin is null || pin.UserId != userId || rotations.Count == 0
            || CryptographicOperations.FixedTimeEquals(pin.IdentityKey, currentKey)
            || !KeyRotationChain.Connects(userId, pin.IdentityKey, currentKey, rotations))
        {
            return false;
        }

        Store(userId, name, currentKey, pin.Verified);
        return true;
    }

    private void Store(Guid userId, string username, byte[] identityKey, bool verified)
    {
        var name = Usernames.Normalize(username);
        _pins.RemoveAll(pin => pin.Username == name || pin.UserId == userId);
        _pins.Add(new PinnedKey(userId, name, identityKey.ToArray(), verified, DateTimeOffset.UtcNow));
        PrivateFile.WriteAllBytes(_path, JsonSerializer.SerializeToUtf8Bytes(new PinFile(CurrentVersion, _pins), PinsJson.Default.PinFile));
    }

    private sealed record PinFile(int Version, List<PinnedKey>? Pins);

    private sealed record PinnedKey(Guid UserId, string Username, byte[] IdentityKey, bool Verified, DateTimeOffset PinnedAt);

    // Source-generated, so that the native (AOT) build reads and writes the file without reflection.
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
    [JsonSerializable(typeof(PinFile))]
    private sealed partial class PinsJson : JsonSerializerContext;
}
