using LogChat.Grains.Presence;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LogChat.Grains.Tests.Presence;

public sealed class PresenceDeadlinesTests : IDisposable
{
    private static readonly Guid Alice = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly List<Guid> _told = [];
    private readonly PresenceDeadlines _deadlines;

    public PresenceDeadlinesTests()
    {
        _deadlines = new PresenceDeadlines(userId => _told.Add(userId), _clock);
    }

    public void Dispose() => _deadlines.Dispose();

    [Fact]
    public void A_deadline_is_told_once_it_passes_and_not_before()
    {
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(_told);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([Alice], _told);
    }

    [Fact]
    public void A_deadline_between_two_ticks_of_the_resolution_is_told_at_the_later_one()
    {
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromMilliseconds(1_001));

        _clock.Advance(TimeSpan.FromMilliseconds(1_001));
        Assert.Empty(_told);

        _clock.Advance(PresenceDeadlines.Resolution - TimeSpan.FromMilliseconds(1));
        Assert.Equal([Alice], _told);
    }

    [Fact]
    public void A_moved_deadline_is_told_at_its_new_time_only()
    {
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(3));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(_told);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Alice], _told);
    }

    [Fact]
    public void A_deadline_moved_earlier_is_told_at_the_earlier_time()
    {
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(10));
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Alice], _told);
    }

    [Fact]
    public void A_cancelled_deadline_is_never_told()
    {
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        _deadlines.Cancel(Alice);

        _clock.Advance(TimeSpan.FromSeconds(1) + PresenceDeadlines.Retry * 3);
        Assert.Empty(_told);
    }

    [Fact]
    public void Each_user_is_told_at_its_own_deadline()
    {
        _deadlines.Schedule(Bob, _clock.GetUtcNow() + TimeSpan.FromSeconds(2));
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Alice], _told);

        _deadlines.Cancel(Alice);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Alice, Bob], _told);
    }

    [Fact]
    public void A_passed_deadline_that_is_neither_replaced_nor_cancelled_is_told_again_after_the_retry_interval()
    {
        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Alice], _told);

        _clock.Advance(PresenceDeadlines.Retry);
        Assert.Equal([Alice, Alice], _told);

        _deadlines.Schedule(Alice, _clock.GetUtcNow() + TimeSpan.FromSeconds(10));
        _clock.Advance(PresenceDeadlines.Retry);
        Assert.Equal([Alice, Alice], _told);
    }

    [Fact]
    public void A_deadline_already_passed_when_scheduled_is_told_at_once()
    {
        _deadlines.Schedule(Alice, _clock.GetUtcNow() - TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.Zero);
        Assert.Equal([Alice], _told);
    }
}
