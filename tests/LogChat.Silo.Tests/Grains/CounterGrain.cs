using LogChat.Grains;

namespace LogChat.Silo.Tests.Grains;

public sealed class CounterGrain(
    [PersistentState("counter", GrainServiceRegistration.StorageName)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> Count() => Task.FromResult(counter.State.Count);

    public Task Clear() => counter.ClearStateAsync();
}
