using System.Diagnostics;

namespace LogChat.Lab.Tests.Network;

/// <summary>Runs a system tool (<c>ip</c>, <c>nft</c>, <c>ss</c>) to its end.</summary>
internal static class HostCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="command"/>, feeding it <paramref name="input"/>; returns its output or throws with its error output.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<string> command, string? input = null)
    {
        var start = new ProcessStartInfo(command[0], command.Skip(1))
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start.");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(Patience))
        {
            await process.WaitForExitAsync(limit.Token);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` failed with {process.ExitCode}: {(await error).Trim()}");
        }

        return await output;
    }

    /// <summary>Runs <c>ip ARGUMENTS</c>.</summary>
    public static Task<string> IpAsync(params string[] arguments) => RunAsync(["ip", .. arguments]);

    /// <summary>Runs <paramref name="command"/> inside the network namespace <paramref name="name"/>.</summary>
    public static Task<string> InNamespaceAsync(string name, IReadOnlyList<string> command, string? input = null) =>
        RunAsync(["ip", "netns", "exec", name, .. command], input);
}
