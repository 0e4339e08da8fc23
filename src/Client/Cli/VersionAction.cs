using System.CommandLine;
using System.CommandLine.Invocation;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Cli;

/// <summary><c>logchat --version</c>: the program's version and the peer protocol version it speaks.</summary>
public sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>"logchat 0.1.0 (peer protocol 1)".</summary>
    public static string Text => $"logchat {ClientBuild.Version} (peer protocol {PeerProtocol.Version})";

    /// <summary>Makes every <see cref="VersionOption"/> of <paramref name="root"/> print <see cref="Text"/>.</summary>
    public static void AttachTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction();
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Text);
        return ExitCodes.Success;
    }
}
