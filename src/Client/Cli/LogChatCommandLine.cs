using System.CommandLine;
using LogChat.Client.Cli.Commands;

namespace LogChat.Client.Cli;

/// <summary>The <c>logchat</c> command tree.</summary>
public static class LogChatCommandLine
{
    public static RootCommand Build()
    {
        var options = new GlobalOptions();
        var root = new RootCommand(
            "LogChat: secure, ephemeral, peer-to-peer chat. The coordinator only introduces users; "
            + "messages travel end-to-end encrypted between the two machines and are never stored.\n\n"
            + "Start with `logchat register <name>`, then `logchat listen` on one side and `logchat chat <name>` on the other; "
            + "`logchat status` shows how peers can reach this machine. "
            + "The password is asked for, or read from --password-file (for scripts) or LOGCHAT_PASSWORD (removed from the "
            + "environment once read; it stays visible in /proc/PID/environ, so prefer the file). It never leaves this machine: "
            + "the coordinator gets only a secret derived from it.\n\n"
            + ExitCodes.HelpText)
        {
            RegisterCommand.Create(options),
            ChatCommand.Create(options),
            ListenCommand.Create(options),
            FingerprintCommand.Create(options),
            VerifyCommand.Create(options),
            TrustCommand.Create(options),
            StatusCommand.Create(options),
            LogoutCommand.Create(options),
            BlockCommands.Block(options),
            BlockCommands.Unblock(options),
            BlockCommands.List(options),
            DeleteAccountCommand.Create(options),
            PasswdCommand.Create(options),
            RotateKeyCommand.Create(options),
        };
        options.AddTo(root);
        VersionAction.AttachTo(root);
        return root;
    }
}
