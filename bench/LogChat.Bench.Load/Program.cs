using System.Runtime.InteropServices;
using LogChat.Bench.Load.Baseline;
using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Scenarios;

// The load generator of bench/bench.sh: one scenario per process, against the gateway bench.sh started.
var arguments = BenchArguments.Parse(Environment.GetCommandLineArgs()[1..]);
using var stop = new CancellationTokenSource(arguments.Seconds("time-limit", 1800));
// Ctrl-C or SIGTERM (bench.sh's time limit) cancel the scenario, so that it closes its streams and exits.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

if (arguments.Command == BareStreamServer.Command)
{
    await BareStreamServer.RunAsync(stop.Token);
    return;
}

if (arguments.Command == IdleCrowdServer.Command)
{
    await IdleCrowdServer.RunAsync(arguments, stop.Token);
    return;
}

var env = BenchEnvironment.From(arguments);
Func<BenchArguments, BenchEnvironment, CancellationToken, Task> scenario = arguments.Command switch
{
    "populate" => PopulateStep.RunAsync,
    "setup" => SetupScenario.RunAsync,
    "connections" => ConnectionsScenario.RunAsync,
    "peer" => PeerScenario.RunAsync,
    "relay" => RelayScenario.RunAsync,
    "first-message" => FirstMessageScenario.RunAsync,
    "login-storm" => LoginStormScenario.RunAsync,
    "soak" => SoakScenario.RunAsync,
    _ => throw new ArgumentException($"unknown scenario '{arguments.Command}'"),
};
await scenario(arguments, env, stop.Token);

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
