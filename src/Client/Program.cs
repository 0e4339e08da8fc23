using System.CommandLine;
using LogChat.Client.Cli;

return await LogChatCommandLine.Build()
    .Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) })
    .ConfigureAwait(false);
