using System.Globalization;

namespace LogChat.Protocol.Versions;

/// <summary>
/// A <c>logchat</c> release number, <c>MAJOR.MINOR.PATCH</c>: each part 0-99999 in decimal without leading zeros,
/// ordered part by part (docs/protocol.md, "Versions").
/// </summary>
public readonly record struct ClientVersion(int Major, int Minor, int Patch) : IComparable<ClientVersion>
{
    public static bool operator <(ClientVersion left, ClientVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(ClientVersion left, ClientVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(ClientVersion left, ClientVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ClientVersion left, ClientVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Reads <c>MAJOR.MINOR.PATCH</c> exactly; null for anything else (a suffix, a sign, a leading zero, spaces).</summary>
    public static ClientVersion? TryParse(string? text)
    {
        var parts = text?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
        {
            if (Part(parts[i]) is not { } number)
            {
                return null;
            }

            numbers[i] = number;
        }

        return new ClientVersion(numbers[0], numbers[1], numbers[2]);
    }

    public int CompareTo(ClientVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    /// <summary>A decimal number 0-99999 written as ASCII digits without a leading zero, or null.</summary>
    internal static int? Part(string text)
    {
        if (text.Length is < 1 or > 5 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            return null;
        }

        return int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
