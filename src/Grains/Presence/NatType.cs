namespace LogChat.Grains.Presence;

/// <summary>How a user's address is translated on the way out (stored by name in <c>user_presence.nat_type</c>).</summary>
public enum NatType
{
    Unknown,
    None,
    FullCone,
    Restricted,
    Symmetric,
}
