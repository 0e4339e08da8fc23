namespace LogChat.Grains.Presence;

/// <summary>The stored names of NAT types in <c>user_presence.nat_type</c>.</summary>
public static class NatTypeColumn
{
    public static string Format(NatType natType) => natType switch
    {
        NatType.None => "none",
        NatType.FullCone => "full_cone",
        NatType.Restricted => "restricted",
        NatType.Symmetric => "symmetric",
        _ => "unknown",
    };

    public static NatType Parse(string value) => value switch
    {
        "none" => NatType.None,
        "full_cone" => NatType.FullCone,
        "restricted" => NatType.Restricted,
        "symmetric" => NatType.Symmetric,
        _ => NatType.Unknown,
    };
}
