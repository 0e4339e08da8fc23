namespace LogChat.Protocol.Tests.Vectors;

public sealed class ProtocolVectorTests
{
    [Fact]
    public void The_published_test_vectors_are_what_the_code_and_the_spec_produce()
    {
        PublishedVectors.AssertPublished(ProtocolVectors.FileName, ProtocolVectors.Generate());
    }

    [Fact]
    public void Generating_the_vectors_twice_gives_the_same_bytes()
    {
        Assert.Equal(ProtocolVectors.Generate(), ProtocolVectors.Generate());
    }
}
