using LogChat.Protocol.Accounts;

namespace LogChat.Protocol.Tests.Accounts;

public sealed class UsernameRuleTests
{
    private const string Required = "username is required";
    private const string WrongLength = "username must be 3-32 characters long";
    private const string WrongCharacters = "username may contain only a-z, 0-9, '_', '.' and '-'";

    public static TheoryData<string, string> ValidNames => new()
    {
        { "bob", "bob" },
        { "Alice", "alice" },
        { "ALICE_SMITH", "alice_smith" },
        { "a.b-c_d", "a.b-c_d" },
        { "007", "007" },
        { "...", "..." },
        { "Z" + new string('9', 31), "z" + new string('9', 31) },
    };

    public static TheoryData<string?, string> InvalidNames => new()
    {
        { null, Required },
        { "", Required },
        { "ab", WrongLength },
        { "A", WrongLength },
        { new string('a', 33), WrongLength },
        { " bob", WrongCharacters },
        { "bob ", WrongCharacters },
        { "bad name", WrongCharacters },
        { "bob/../x", WrongCharacters },
        { "bob@example", WrongCharacters },
        { "émile", WrongCharacters },
        { "\u212Aelvin", WrongCharacters }, // the Kelvin sign, which lower-cases to an ASCII 'k'
        { "\u0130stanbul", WrongCharacters }, // a dotted capital I, which lower-cases to an ASCII 'i'
        { "\uFF41bc", WrongCharacters }, // a full-width 'a'
        { "bob\0", WrongCharacters },
        { "bob\n", WrongCharacters },
    };

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void A_valid_name_gives_its_lower_case_form(string username, string expected)
    {
        Assert.True(UsernameRule.TryCanonicalize(username, out var canonical, out var problem), problem);
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void An_invalid_name_gives_the_problem_to_tell_the_user(string? username, string expected)
    {
        Assert.False(UsernameRule.TryCanonicalize(username, out var canonical, out var problem));
        Assert.Null(canonical);
        Assert.Equal(expected, problem);
    }
}
