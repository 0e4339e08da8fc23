namespace LogChat.Silo.Tests.Grains;

/// <summary>A test grain whose count lives in LogChat's ADO.NET grain storage.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the stored count and returns it.</summary>
    Task<int> Increment();

    /// <summary>The stored count.</summary>
    Task<int> Count();

    /// <summary>Clears the stored state.</summary>
    Task Clear();
}
