using LogChat.Protocol.Relay;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Hosting;

/// <summary>Refuses to start without usable ticket keys (<see cref="RelayTicketOptions.Problems"/>).</summary>
internal sealed class RelayTicketOptionsValidator : IValidateOptions<RelayTicketOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayTicketOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"{p} (environment variables LOGCHAT_LogChat__RelayTickets__Keys__N__Id and __Secret)"));
    }
}
