namespace LogChat.Lab.Tests;

/// <summary>
/// Every lab test shares one lab (<see cref="LabFixture"/>) and runs one after the other; the lab needs PostgreSQL
/// (category Postgres) besides root (category Lab).
/// </summary>
[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "Lab";
}
