namespace LogChat.Gateway.Reachability;

/// <summary>The outcome of one dial-back: reached the caller's own listener, or not and why (for the user).</summary>
public sealed record DialBackResult(bool Reachable, string Detail)
{
    public static DialBackResult Passed { get; } = new(true, string.Empty);

    public static DialBackResult Failed(string detail) => new(false, detail);
}
