using LogChat.Lab.Tests.Network;
using LogChat.Testing;

namespace LogChat.Lab.Tests;

/// <summary>A lab machine's user: a registered profile whose <c>logchat</c> runs on that machine, trusting the lab's CA.</summary>
/// <param name="Username">The user (named after the machine).</param>
/// <param name="Host">The machine.</param>
/// <param name="Home">The profile folder.</param>
/// <param name="Launcher">Starts <c>logchat</c> in the machine's namespace with the lab CA as the only trusted root.</param>
/// <param name="Options">What the user adds to every command (only a port forwarder: <c>--listen-port</c>).</param>
public sealed record LabClient(string Username, LabHost Host, string Home, ProcessLauncher Launcher, IReadOnlyList<string> Options)
{
    public override string ToString() => Username;
}
