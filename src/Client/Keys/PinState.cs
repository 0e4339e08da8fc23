namespace LogChat.Client.Keys;

/// <summary>How a peer's identity key relates to this profile's pins.</summary>
public enum PinState
{
    /// <summary>A new contact: never seen; its key is pinned once a handshake proves the peer holds it.</summary>
    Unknown,

    /// <summary>Matches the key pinned at an earlier first contact; not compared out of band.</summary>
    Pinned,

    /// <summary>Matches a key the user explicitly trusted after comparing safety numbers.</summary>
    Verified,

    /// <summary>Differs from the pin (another key, or the name or user id under another one): refused until the user runs <c>trust</c>.</summary>
    Changed,
}
