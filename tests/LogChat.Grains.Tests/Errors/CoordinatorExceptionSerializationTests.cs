using LogChat.Grains.Errors;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace LogChat.Grains.Tests.Errors;

/// <summary>A refusal crosses silos and reaches the gateway with its kind, message and retry hint intact.</summary>
public sealed class CoordinatorExceptionSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(CoordinatorException).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_refusal_keeps_its_kind_and_message_through_orleans_serialization()
    {
        var copy = RoundTrip(CoordinatorException.PermissionDenied("only bob can accept this chat"));

        Assert.Equal(CoordinatorError.PermissionDenied, copy.Error);
        Assert.Equal("only bob can accept this chat", copy.Message);
        Assert.Null(copy.RetryAfter);
    }

    [Fact]
    public void A_rate_limit_refusal_keeps_its_retry_hint_through_orleans_serialization()
    {
        var copy = RoundTrip(CoordinatorException.ResourceExhausted("too many chat requests", TimeSpan.FromMilliseconds(1500)));

        Assert.Equal(CoordinatorError.ResourceExhausted, copy.Error);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), copy.RetryAfter);
    }

    private static CoordinatorException RoundTrip(CoordinatorException refusal)
    {
        var copy = Serializer.Deserialize<CoordinatorException>(Serializer.SerializeToArray(refusal));
        Assert.NotNull(copy);
        return copy;
    }
}
