using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Scenarios;

// The load generator of bench/bench.sh: one scenario per process, against the gateway bench.sh started.
var arguments = BenchArguments.Parse(Environment.GetCommandLineArgs()[1..]);
var env = BenchEnvironment.From(arguments);
using var stop = new CancellationTokenSource(arguments.Seconds("time-limit", 1800));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Func<BenchArguments, BenchEnvironment, CancellationToken, Task> scenario = arguments.Command switch
{
    "populate" => PopulateStep.RunAsync,
    "setup" => SetupScenario.RunAsync,
    "connections" => ConnectionsScenario.RunAsync,
    "peer" => PeerScenario.RunAsync,
    "first-message" => FirstMessageScenario.RunAsync,
    "login-storm" => LoginStormScenario.RunAsync,
    "soak" => SoakScenario.RunAsync,
    _ => throw new ArgumentException($"unknown scenario '{arguments.Command}'"),
};
await scenario(arguments, env, stop.Token);
