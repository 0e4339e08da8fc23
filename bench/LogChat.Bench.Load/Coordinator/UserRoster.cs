using System.Globalization;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// The file of registered bench users and their tokens (tab-separated), so that one run registers each
/// user once and every scenario reuses the tokens. It lives in bench.sh's private work folder (mode 0600).
/// </summary>
public static class UserRoster
{
    public static async Task<List<BenchUser>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        return lines.Where(l => l.Length > 0).Select(Parse).ToList();
    }

    public static async Task AppendAsync(string path, IEnumerable<BenchUser> users, CancellationToken cancellationToken)
    {
        var lines = users.Select(u => string.Join('\t', u.Username, u.UserId.ToString(), u.Token));
        if (!File.Exists(path))
        {
            await using (File.Create(path, 1, FileOptions.None))
            {
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        await File.AppendAllLinesAsync(path, lines, cancellationToken);
    }

    private static BenchUser Parse(string line)
    {
        var fields = line.Split('\t');
        return new BenchUser(fields[0], Guid.Parse(fields[1], CultureInfo.InvariantCulture), fields[2]);
    }
}
