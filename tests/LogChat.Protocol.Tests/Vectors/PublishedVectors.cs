using System.Reflection;

namespace LogChat.Protocol.Tests.Vectors;

/// <summary>The files under docs/vectors: compared with what the code generates, or rewritten from it on request.</summary>
internal static class PublishedVectors
{
    /// <summary>Set to 1 to rewrite docs/vectors from the code instead of comparing.</summary>
    private const string UpdateVariable = "LOGCHAT_UPDATE_VECTORS";

    /// <summary>Fails unless docs/vectors/<paramref name="fileName"/> holds exactly <paramref name="generated"/>.</summary>
    public static void AssertPublished(string fileName, string generated)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "vectors", fileName);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {UpdateVariable}=1 to write it.");
        Assert.Equal(generated, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    private static string RepositoryRoot() =>
        typeof(PublishedVectors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value
        ?? throw new InvalidOperationException("The test assembly does not know the repository root.");
}
