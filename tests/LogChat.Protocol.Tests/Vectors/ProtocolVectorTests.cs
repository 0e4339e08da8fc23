namespace LogChat.Protocol.Tests.Vectors;

public sealed class ProtocolVectorTests
{
    public static TheoryData<string> Files => [ProtocolVectors.FileName, SignatureVectors.FileName];

    [Theory]
    [MemberData(nameof(Files))]
    public void The_published_test_vectors_are_what_the_code_and_the_spec_produce(string fileName)
    {
        PublishedVectors.AssertPublished(fileName, Generate(fileName));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Generating_the_vectors_twice_gives_the_same_bytes(string fileName)
    {
        Assert.Equal(Generate(fileName), Generate(fileName));
    }

    private static string Generate(string fileName) => fileName == SignatureVectors.FileName ? SignatureVectors.Generate() : ProtocolVectors.Generate();
}
