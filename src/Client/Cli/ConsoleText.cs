namespace LogChat.Client.Cli;

/// <summary>
/// The way text other than a status reaches the console: stdout lines and Spectre markup, both through
/// <see cref="DisplayText.Sanitize"/> (statuses go through <see cref="StatusLine"/>, which sanitises too).
/// </summary>
public static class ConsoleText
{
    /// <summary>Writes one sanitised line to stdout.</summary>
    public static void Line(string text) => System.Console.Out.WriteLine(DisplayText.Sanitize(text));

    /// <summary><paramref name="text"/> sanitised and escaped, to place inside Spectre markup.</summary>
    public static string Markup(string text) => Spectre.Console.Markup.Escape(DisplayText.Sanitize(text));
}
