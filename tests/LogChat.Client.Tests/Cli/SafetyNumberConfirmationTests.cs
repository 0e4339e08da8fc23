using LogChat.Client.Cli;

namespace LogChat.Client.Tests.Cli;

public sealed class SafetyNumberConfirmationTests
{
    private const string Number = "12345 67890 11111 22222 33333 44444 55555 66666 77777 88888 99999 00000";

    [Theory]
    [InlineData(Number)]
    [InlineData("123456789011111222223333344444555556666677777888889999900000")]
    [InlineData(" 12345  67890 11111 22222 33333 44444 55555 66666 77777 88888 99999 00000\n")]
    public void The_number_matches_with_any_spacing(string typed)
    {
        Assert.True(SafetyNumberConfirmation.Matches(typed, Number));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("12345 67890 11111 22222 33333 44444 55555 66666 77777 88888 99999 00001")]
    [InlineData("12345 67890 11111 22222 33333 44444 55555 66666 77777 88888 99999 00000 1")]
    public void Any_other_number_does_not_match(string typed)
    {
        Assert.False(SafetyNumberConfirmation.Matches(typed, Number));
    }

    [Fact]
    public void A_number_that_does_not_match_is_refused_before_anything_is_stored()
    {
        var refused = Assert.Throws<UserFacingException>(() => SafetyNumberConfirmation.Require("bob", Number, "12345"));

        Assert.Contains("nothing was trusted", refused.Message, StringComparison.Ordinal);
    }
}
