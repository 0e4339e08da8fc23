namespace LogChat.Silo.Tests.Grains;

/// <summary>The persisted state of <see cref="CounterGrain"/>.</summary>
[GenerateSerializer]
public sealed record class CounterState
{
    /// <summary>How often the counter was incremented.</summary>
    [Id(0)]
    public int Count { get; set; }
}
