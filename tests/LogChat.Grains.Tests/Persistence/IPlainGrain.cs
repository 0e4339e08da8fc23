namespace LogChat.Grains.Tests.Persistence;

/// <summary>A test grain that is not a <see cref="LogChatGrain"/>: it shows what Orleans alone does when a grain deactivates.</summary>
public interface IPlainGrain : IGrainWithGuidKey
{
    /// <summary>Activates the grain, if it is not active, and does nothing else.</summary>
    Task Touch();

    /// <summary>Asks Orleans to deactivate the grain once this call returns.</summary>
    Task Deactivate();
}
