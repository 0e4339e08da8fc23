namespace LogChat.Grains.Tests.Persistence;

public sealed class PlainGrain : Grain, IPlainGrain
{
    public Task Touch() => Task.CompletedTask;

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
