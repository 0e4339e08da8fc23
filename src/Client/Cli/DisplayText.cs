using System.Globalization;
using System.Text;

namespace LogChat.Client.Cli;

/// <summary>
/// Makes peer-supplied text safe to print on one line: no control characters (line breaks, terminal
/// escapes) and no bidirectional overrides that could disguise what is shown.
/// </summary>
public static class DisplayText
{
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is '\n' or '\r' or '\t')
            {
                builder.Append(' ');
            }
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control || IsBidiControl(rune.Value))
            {
                builder.Append('\uFFFD');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    private static bool IsBidiControl(int value) => value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0x200E or 0x200F or 0x061C;
}
