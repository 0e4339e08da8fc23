using LogChat.Client.Keys;

namespace LogChat.Client.Tests.Keys;

public sealed class UsernamesTests
{
    [Theory]
    [InlineData(" Alice ", "alice")]
    [InlineData("\tbob\n", "bob")]
    [InlineData("carol", "carol")]
    public void Typed_input_is_trimmed_and_folded_to_the_canonical_name(string typed, string expected) =>
        Assert.Equal(expected, Usernames.Normalize(typed));

    [Theory]
    [InlineData("  ", "username is required")]
    [InlineData("al ice", "may contain only")]
    [InlineData(" ab ", "3-32 characters")]
    public void Input_that_breaks_the_rule_is_refused_with_the_rules_own_problem(string typed, string problem)
    {
        var refusal = Assert.Throws<ArgumentException>(() => Usernames.Normalize(typed));
        Assert.Contains(problem, refusal.Message, StringComparison.Ordinal);
    }
}
