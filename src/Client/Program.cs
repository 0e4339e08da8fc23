using System.CommandLine;
using LogChat.Client;
using LogChat.Client.Cli;

PhaseTrace.Mark("main");

return await LogChatCommandLine.Build()
    .Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) })
    .ConfigureAwait(false);
