using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LogChat.System.Tests;

/// <summary>
/// The smoke test of the installed program: <c>./install.sh PREFIX</c> builds and installs <c>logchat</c> (native AOT
/// where the toolchain allows), which reports its version and chats with the built (JIT) client.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class InstalledClientTests
{
    private static readonly TimeSpan InstallPatience = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_installed_logchat_says_what_it_is_and_chats_with_the_built_one()
    {
        var prefix = Path.Combine(Path.GetTempPath(), "logchat-install-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (installed, installOutput) = await RunAsync("bash", [Path.Combine(RepositoryRoot(), "install.sh"), prefix], InstallPatience);
            Assert.True(installed == 0, installOutput);
            var program = Path.Combine(prefix, "logchat");
            Assert.Matches(
                $@"installed logchat \S+ \(peer protocol 1\) to {Regex.Escape(program)} \((native AOT|ReadyToRun single-file)\)",
                installOutput);
            var (versionExit, version) = await RunAsync(program, ["--version"], ExitPatience);
            Assert.Equal(0, versionExit);
            Assert.Matches(@"^logchat \d+\.\d+\.\d+ \(peer protocol 1\)\s*$", version);

            await using var rig = await ChatRig.StartAsync();
            await rig.RegisterAsync("alice");
            using (var register = rig.StartProgram(program, "bob", "register", "bob"))
            {
                register.CloseInput();
                Assert.Equal(0, await register.WaitForExitAsync(ExitPatience));
            }

            using var alice = rig.Start("alice", "listen", "--once", "--accept-all");
            await alice.WaitForStatusAsync("Waiting for chat requests");
            using var bob = rig.StartProgram(program, "bob", "chat", "alice");
            await bob.WaitForStatusAsync("Chatting with alice");
            await bob.SendAsync("hello from the installed logchat");
            await alice.WaitForLineAsync("bob: hello from the installed logchat");
            bob.CloseInput();
            Assert.Equal(0, await bob.WaitForExitAsync(ExitPatience));
            Assert.Equal(0, await alice.WaitForExitAsync(ExitPatience));
        }
        finally
        {
            if (Directory.Exists(prefix))
            {
                Directory.Delete(prefix, recursive: true);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "install.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No install.sh above {AppContext.BaseDirectory}.");
    }

    // Runs a program to its end: its exit code and everything it wrote, stdout then stderr.
    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
