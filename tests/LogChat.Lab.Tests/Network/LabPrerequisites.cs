namespace LogChat.Lab.Tests.Network;

/// <summary>What the lab needs from the machine: root (namespaces, nftables) and the tools it drives.</summary>
internal static class LabPrerequisites
{
    private static readonly string[] Tools = ["ip", "ss", "nft"];

    /// <summary>Throws with what is missing and how to get it, so the lab tests fail with a clear reason instead of being skipped.</summary>
    public static void Require()
    {
        var missing = new List<string>();
        if (!Environment.IsPrivilegedProcess)
        {
            missing.Add("root (network namespaces and nftables need it)");
        }

        missing.AddRange(Tools.Where(tool => !IsOnPath(tool)).Select(tool => $"`{tool}` on PATH"));
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The network lab cannot run: it needs {string.Join(", ", missing)}. Run ./test.sh as root: it installs "
                + "iproute2 (ip, ss) and nftables (nft) with apt when they are missing (or: sudo apt-get install -y iproute2 nftables). "
                + "Leave these tests out with --filter \"Category!=Lab\".");
        }
    }

    private static bool IsOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
}
