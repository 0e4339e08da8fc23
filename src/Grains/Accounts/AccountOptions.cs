namespace LogChat.Grains.Accounts;

/// <summary>What happens around an account after its registration (configuration section <c>LogChat:Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "LogChat:Accounts";

    /// <summary>The longest hold accepted: ten years.</summary>
    public static readonly TimeSpan LongestNameHold = TimeSpan.FromDays(3650);

    /// <summary>
    /// How long the username of a deleted account cannot be registered again, so that nobody takes it at once and passes
    /// for the old account with contacts who know it by name. Positive, at most <see cref="LongestNameHold"/>.
    /// </summary>
    public TimeSpan DeletedNameHold { get; set; } = TimeSpan.FromDays(30);
}
