using Grpc.Core;
using LogChat.Gateway.Rpc;
using LogChat.Grains.Errors;
using Xunit;

namespace LogChat.Gateway.Tests.Rpc;

public sealed class CoordinatorStatusTests
{
    public static TheoryData<CoordinatorError, StatusCode> StatusOfEachKind => new()
    {
        { CoordinatorError.NotFound, StatusCode.NotFound },
        { CoordinatorError.PermissionDenied, StatusCode.PermissionDenied },
        { CoordinatorError.FailedPrecondition, StatusCode.FailedPrecondition },
        { CoordinatorError.AlreadyExists, StatusCode.AlreadyExists },
        { CoordinatorError.InvalidArgument, StatusCode.InvalidArgument },
        { CoordinatorError.Unauthenticated, StatusCode.Unauthenticated },
        { CoordinatorError.ResourceExhausted, StatusCode.ResourceExhausted },
        { CoordinatorError.Unavailable, StatusCode.Unavailable },
        { CoordinatorError.Cancelled, StatusCode.Cancelled },
    };

    [Theory]
    [MemberData(nameof(StatusOfEachKind))]
    public void Each_kind_of_refusal_becomes_its_status_with_the_message_as_detail(CoordinatorError error, StatusCode expected)
    {
        var rejection = CoordinatorStatus.ToRpcException(new CoordinatorException(error, "bob is offline"));

        Assert.Equal(expected, rejection.StatusCode);
        Assert.Equal("bob is offline", rejection.Status.Detail);
        Assert.Empty(rejection.Trailers);
    }

    [Fact]
    public void The_table_above_covers_every_kind_of_refusal()
    {
        var tested = StatusOfEachKind.Select(row => (CoordinatorError)row[0]);

        Assert.Equal(Enum.GetValues<CoordinatorError>().Where(e => e != CoordinatorError.Unspecified).Order(), tested.Order());
    }

    [Theory]
    [InlineData(CoordinatorError.Unspecified)]
    [InlineData((CoordinatorError)999)]
    public void A_refusal_of_no_known_kind_is_answered_as_a_bug_without_its_message(CoordinatorError error)
    {
        var rejection = CoordinatorStatus.ToRpcException(new CoordinatorException(error, "no user named alice"));

        Assert.NotEqual(StatusCode.NotFound, rejection.StatusCode);
        Assert.Equal(StatusCode.Internal, rejection.StatusCode);
        Assert.Equal("internal error", rejection.Status.Detail);
        Assert.Empty(rejection.Trailers);
    }

    [Fact]
    public void A_rate_limit_refusal_carries_its_wait_in_whole_milliseconds_rounded_up()
    {
        var refusal = CoordinatorException.ResourceExhausted("too many chat requests: try again in 2 s", TimeSpan.FromMilliseconds(1500.2));

        var rejection = CoordinatorStatus.ToRpcException(refusal);

        Assert.Equal(StatusCode.ResourceExhausted, rejection.StatusCode);
        Assert.Equal("too many chat requests: try again in 2 s", rejection.Status.Detail);
        Assert.Equal("1501", rejection.Trailers.GetValue(CoordinatorStatus.RetryAfterTrailer));
    }

    [Fact]
    public void A_resource_refusal_without_a_known_wait_has_no_retry_trailer()
    {
        var rejection = CoordinatorStatus.ToRpcException(CoordinatorException.ResourceExhausted("disconnected for not reading its stream"));

        Assert.Equal(StatusCode.ResourceExhausted, rejection.StatusCode);
        Assert.Null(rejection.Trailers.Get(CoordinatorStatus.RetryAfterTrailer));
    }
}
