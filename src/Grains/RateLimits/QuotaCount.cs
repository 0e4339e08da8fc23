namespace LogChat.Grains.RateLimits;

/// <summary>
/// Attempts one gateway counted against <paramref name="Key"/> (a limit's name and what it limits) since it last
/// reported, in the fixed window that ends at <paramref name="WindowEnd"/> (Unix milliseconds).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QuotaCount([property: Id(0)] string Key, [property: Id(1)] long WindowEnd, [property: Id(2)] int Added);
