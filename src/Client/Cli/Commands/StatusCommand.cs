using System.CommandLine;
using LogChat.Client.Reachability;

namespace LogChat.Client.Cli.Commands;

/// <summary>
/// <c>logchat status</c>: logs in, measures how peers reach this machine (or takes over a fresh measurement of the
/// profile) exactly as going online does, and prints it. It does not go online.
/// </summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("status", "Show how peers can reach this machine: the address the coordinator sees, the NAT type, whether a "
            + "connection from outside reached the listener (and why not), when that was measured, and the listen port.");
        command.SetAction(CommandRunner.Wrap(options, (_, settings, ct) => RunAsync(settings, ct)));
        return command;
    }

    private static async Task<int> RunAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        var user = await OnlineUser.LoginAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (user.ConfigureAwait(false))
        {
            var coordinator = user.Coordinator ?? throw new InvalidOperationException("Not logged in.");
            var network = NetworkProfile.Of(user.Profile);
            var listener = await OnlineUser.OpenListenerAsync(settings, network, cancellationToken).ConfigureAwait(false);
            try
            {
                using var monitor = new ReachabilityMonitor(coordinator, network, listener, TimeProvider.System);
                var measurement = await monitor.RefreshAsync(cancellationToken).ConfigureAwait(false);
                foreach (var line in StatusReport.Lines(measurement, monitor.Reused, listener?.Port, TimeProvider.System.GetUtcNow()))
                {
                    ConsoleText.Line(line);
                }

                return ExitCodes.Success;
            }
            finally
            {
                if (listener is not null)
                {
                    await listener.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
