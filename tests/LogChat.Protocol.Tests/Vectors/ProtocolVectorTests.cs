using System.Reflection;

namespace LogChat.Protocol.Tests.Vectors;

public sealed class ProtocolVectorTests
{
    /// <summary>Set to 1 to rewrite docs/vectors from the code instead of comparing.</summary>
    private const string UpdateVariable = "LOGCHAT_UPDATE_VECTORS";

    public static TheoryData<string> Files => [ProtocolVectors.FileName, SignatureVectors.FileName];

    [Theory]
    [MemberData(nameof(Files))]
    public void The_published_test_vectors_are_what_the_code_and_the_spec_produce(string fileName)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "vectors", fileName);
        var generated = Generate(fileName);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {UpdateVariable}=1 to write it.");
        Assert.Equal(generated, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Generating_the_vectors_twice_gives_the_same_bytes(string fileName)
    {
        Assert.Equal(Generate(fileName), Generate(fileName));
    }

    private static string Generate(string fileName) => fileName == SignatureVectors.FileName ? SignatureVectors.Generate() : ProtocolVectors.Generate();

    private static string RepositoryRoot() =>
        typeof(ProtocolVectorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value
        ?? throw new InvalidOperationException("The test assembly does not know the repository root.");
}
