using LogChat.Protocol.Relay;
using Microsoft.Extensions.Options;

namespace LogChat.Grains.Relays;

/// <summary>Refuses to start with an unusable relay, or with relays but no usable ticket key to sign their tickets.</summary>
public sealed class RelaysOptionsValidator(IOptions<RelayTicketOptions> tickets) : IValidateOptions<RelaysOptions>
{
    public ValidateOptionsResult Validate(string? name, RelaysOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (options.Relays.Count > 0)
        {
            problems = [.. problems, .. tickets.Value.Problems()];
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
