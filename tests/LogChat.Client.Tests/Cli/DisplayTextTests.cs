using LogChat.Client.Cli;

namespace LogChat.Client.Tests.Cli;

public sealed class DisplayTextTests
{
    [Fact]
    public void Received_text_prints_on_one_line_without_terminal_escapes()
    {
        var shown = DisplayText.Sanitize("hi\nthere\u001b[2J\u202Eevil");

        Assert.DoesNotContain('\n', shown);
        Assert.DoesNotContain('\u001b', shown);
        Assert.DoesNotContain('\u202E', shown);
        Assert.StartsWith("hi there", shown, StringComparison.Ordinal);
    }
}
