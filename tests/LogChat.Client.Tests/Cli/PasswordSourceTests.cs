using LogChat.Client.Cli;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Client.Tests.Keys;

namespace LogChat.Client.Tests.Cli;

/// <summary>Reads <c>LOGCHAT_PASSWORD</c>, a process-wide variable: the tests of this class run one after another.</summary>
[Collection(nameof(PasswordSourceTests))]
[CollectionDefinition(nameof(PasswordSourceTests), DisableParallelization = true)]
public sealed class PasswordSourceTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public void The_environment_variable_is_removed_from_the_process_as_soon_as_it_is_read()
    {
        Environment.SetEnvironmentVariable(PasswordSource.EnvironmentVariable, "from the environment");

        Assert.Equal("from the environment", PasswordSource.ForLogin(Settings(), "alice"));
        Assert.Null(Environment.GetEnvironmentVariable(PasswordSource.EnvironmentVariable));
    }

    [Fact]
    public void The_password_file_wins_its_first_line_is_the_password_and_the_variable_is_removed_all_the_same()
    {
        var file = Path.Combine(_folder.Path, "password");
        File.WriteAllText(file, "from the file\r\nsecond line\n");
        Environment.SetEnvironmentVariable(PasswordSource.EnvironmentVariable, "from the environment");

        Assert.Equal("from the file", PasswordSource.ForRegistration(Settings(file), "alice"));
        Assert.Null(Environment.GetEnvironmentVariable(PasswordSource.EnvironmentVariable));
    }

    [Fact]
    public void An_empty_or_missing_password_file_is_a_clear_error()
    {
        var empty = Path.Combine(_folder.Path, "empty");
        File.WriteAllText(empty, string.Empty);

        Assert.Contains("is empty", Assert.Throws<UserFacingException>(() => PasswordSource.ForLogin(Settings(empty), "alice")).Message, StringComparison.Ordinal);
        Assert.Contains("Cannot read the password", Assert.Throws<UserFacingException>(
            () => PasswordSource.ForLogin(Settings(Path.Combine(_folder.Path, "missing")), "alice")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_from_a_file_still_has_to_be_8_to_1024_bytes_at_registration()
    {
        var file = Path.Combine(_folder.Path, "short");
        File.WriteAllText(file, "short\n");

        Assert.Throws<UserFacingException>(() => PasswordSource.ForRegistration(Settings(file), "alice"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(PasswordSource.EnvironmentVariable, null);
        _folder.Dispose();
    }

    private ClientSettings Settings(string? passwordFile = null) =>
        new([new Uri("http://127.0.0.1:1")], _folder.Path, null, new InboundSettings(null, true), PeerOptions.Default) { PasswordFile = passwordFile };
}
