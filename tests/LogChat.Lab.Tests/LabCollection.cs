namespace LogChat.Lab.Tests;

/// <summary>Every lab test shares one lab (<see cref="LabFixture"/>) and runs one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "Lab";
}
