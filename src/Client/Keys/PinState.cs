namespace LogChat.Client.Keys;

/// <summary>How a peer's identity key relates to this profile's pins.</summary>
public enum PinState
{
    /// <summary>Never seen: it will be pinned on first use.</summary>
    Unknown,

    /// <summary>Matches the key pinned on first use; not compared out of band.</summary>
    Pinned,

    /// <summary>Matches a key the user explicitly trusted after comparing safety numbers.</summary>
    Verified,

    /// <summary>Differs from the pinned key: refused until the user runs <c>trust</c>.</summary>
    Changed,
}
