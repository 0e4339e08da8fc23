using System.Threading.Channels;

namespace LogChat.Client.Cli;

/// <summary>
/// Standard input as lines, read by one background reader for the whole process, so that a <c>listen</c> that stays
/// online can hand input to one chat after another, and to its own prompts in between, without a read left blocked by
/// an ended chat swallowing the next line. A cancelled read takes no line.
/// </summary>
public sealed class InputLines
{
    private static readonly Lazy<InputLines> StandardInput = new(() => new InputLines(System.Console.In));
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { SingleWriter = true });

    private InputLines(TextReader reader) => _ = Task.Run(() => PumpAsync(reader));

    /// <summary>The process's standard input (the reader starts at the first use).</summary>
    public static InputLines Console => StandardInput.Value;

    /// <summary>The next line, or null at the end of input.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _lines.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private async Task PumpAsync(TextReader reader)
    {
        try
        {
            while (reader.ReadLine() is { } line)
            {
                await _lines.Writer.WriteAsync(line).ConfigureAwait(false);
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
