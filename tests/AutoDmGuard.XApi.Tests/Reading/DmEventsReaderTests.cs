using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AutoDmGuard.XApi.Tests.Reading;

public sealed class DmEventsReaderTests
{
    private const long Base = 1890000000000000000;

    private static DmEventsReader Reader(IXApiClient client, DmReaderOptions? options = null) =>
        new(client, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<DmEventsReader>.Instance) { Options = options ?? new DmReaderOptions() };

    /// <summary>An inbox whose oldest <paramref name="stored"/> events are known and the newest <paramref name="fresh"/> are new.</summary>
    private static (InMemoryDmInbox Inbox, string NewestStored) Inbox(int stored, int fresh) =>
        (new InMemoryDmInbox(InMemoryDmInbox.Ids(Base, stored + fresh)), (Base + stored - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Idle_inbox_costs_one_request_of_one_event()
    {
        var (inbox, newest) = Inbox(stored: 300, fresh: 0);

        var result = await Reader(inbox).ReadNewAsync("t", newest);

        Assert.Empty(result.Events);
        Assert.Equal([1], inbox.RequestedPageSizes);
        Assert.Equal(1, result.EventsReturned);
        Assert.True(result.IsComplete);
    }

    [Fact]
    public async Task One_new_event_costs_a_probe_and_a_page_of_two()
    {
        var (inbox, newest) = Inbox(stored: 300, fresh: 1);

        var result = await Reader(inbox).ReadNewAsync("t", newest);

        Assert.Equal([(Base + 300).ToString(System.Globalization.CultureInfo.InvariantCulture)], result.Events.Select(e => e.Id));
        Assert.Equal([1, 2], inbox.RequestedPageSizes);
        Assert.Equal(3, result.EventsReturned);
    }

    [Theory]
    [InlineData(5, new[] { 1, 2, 4 })]
    [InlineData(63, new[] { 1, 2, 4, 8, 16, 32, 38 })]
    [InlineData(200, new[] { 1, 2, 4, 8, 16, 32, 38, 100 })]
    [InlineData(350, new[] { 1, 2, 4, 8, 16, 32, 38, 100, 100, 100 })]
    public async Task Page_grows_while_every_event_is_new_and_stops_at_the_first_known_one(int fresh, int[] expectedSizes)
    {
        var (inbox, newest) = Inbox(stored: 400, fresh: fresh);

        var result = await Reader(inbox).ReadNewAsync("t", newest);

        Assert.Equal(fresh, result.Events.Count);
        Assert.Equal(expectedSizes, inbox.RequestedPageSizes);
        Assert.Equal(expectedSizes.Sum(), result.EventsReturned);
        Assert.True(result.IsComplete);
        Assert.Equal(result.Events.OrderByDescending(e => ulong.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).Select(e => e.Id), result.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Burst_of_200_reads_at_most_220_events()
    {
        var (inbox, newest) = Inbox(stored: 400, fresh: 200);

        var result = await Reader(inbox).ReadNewAsync("t", newest);

        Assert.Equal(200, result.Events.Count);
        Assert.InRange(result.EventsReturned, 200, 220);
    }

    [Fact]
    public async Task Ids_are_compared_as_numbers_not_text()
    {
        // 999 < 1000 numerically but "999" > "1000" as text: a text comparison would stop at once and miss 1000-1001.
        var inbox = new InMemoryDmInbox(["998", "999", "1000", "1001"]);

        var result = await Reader(inbox).ReadNewAsync("t", "999");

        Assert.Equal(["1001", "1000"], result.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Deleted_stored_event_still_stops_at_the_first_older_one()
    {
        var inbox = new InMemoryDmInbox(InMemoryDmInbox.Ids(Base, 10).Where(id => id != (Base + 5).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var result = await Reader(inbox).ReadNewAsync("t", (Base + 5).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(4, result.Events.Count);
        Assert.True(result.IsComplete);
    }

    [Fact]
    public async Task Nothing_stored_reads_the_whole_history_in_pages_of_100()
    {
        var inbox = new InMemoryDmInbox(InMemoryDmInbox.Ids(Base, 250));

        var result = await Reader(inbox).ReadNewAsync("t", null);

        Assert.Equal(250, result.Events.Count);
        Assert.Equal([100, 100, 100], inbox.RequestedPageSizes);
        Assert.Single(result.Users);
    }

    [Fact]
    public async Task Rate_limit_mid_read_returns_what_was_read_and_a_resume_point_that_loses_nothing()
    {
        var (inbox, newest) = Inbox(stored: 50, fresh: 150);
        inbox.RateLimitAfter = 3;
        var reader = Reader(inbox);

        var first = await reader.ReadNewAsync("t", newest);

        Assert.False(first.IsComplete);
        Assert.Equal(inbox.RateLimitReset, first.RateLimitedUntil);
        Assert.Equal(7, first.Events.Count);
        Assert.Equal(newest, first.Resume!.StopAtEventId);

        inbox.RateLimitAfter = null;
        var second = await reader.ReadNewAsync("t", first.Events[0].Id, first.Resume);

        Assert.True(second.IsComplete);
        var all = first.Events.Concat(second.Events).Select(e => e.Id).ToList();
        Assert.Equal(150, all.Count);
        Assert.Equal(150, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Resume_token_refused_by_X_reads_again_from_the_newest_event_without_losing_any()
    {
        var (inbox, newest) = Inbox(stored: 50, fresh: 30);

        var result = await Reader(inbox).ReadNewAsync("t", newest, new DmReadResume("expired-token", newest, 8));

        Assert.True(result.IsComplete);
        Assert.Equal(30, result.Events.Count);
        Assert.Equal([8, 1, 2, 4, 8, 16], inbox.RequestedPageSizes);
    }

    [Fact]
    public async Task Rate_limit_on_the_first_request_throws()
    {
        var (inbox, newest) = Inbox(stored: 5, fresh: 0);
        inbox.RateLimitAfter = 0;

        await Assert.ThrowsAsync<XRateLimitedException>(() => Reader(inbox).ReadNewAsync("t", newest));
    }

    [Fact]
    public async Task A_call_stops_at_the_page_cap_with_a_resume_point()
    {
        var (inbox, newest) = Inbox(stored: 10, fresh: 1000);
        var reader = Reader(inbox, new DmReaderOptions { MaxPagesPerCall = 9 });

        var first = await reader.ReadNewAsync("t", newest);
        var second = await reader.ReadNewAsync("t", first.Events[0].Id, first.Resume);

        Assert.Equal(9, first.PagesRead);
        Assert.False(first.IsComplete);
        Assert.Equal(301, first.Events.Count);
        Assert.True(second.IsComplete);
        Assert.Equal(7, second.PagesRead);
        Assert.Equal(1000, first.Events.Concat(second.Events).Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Backfill_pages_resume_from_a_stored_token_and_cover_everything_once()
    {
        var inbox = new InMemoryDmInbox(InMemoryDmInbox.Ids(Base, 230));
        var reader = Reader(inbox);

        var first = await reader.ReadBackfillPageAsync("t", null);
        var rest = new List<XDmEvent>();
        await foreach (var page in reader.BackfillAsync("t", first.NextPaginationToken))
        {
            rest.AddRange(page.Events);
        }

        Assert.Equal(100, first.Events.Count);
        Assert.Equal(230, first.Events.Concat(rest).Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(inbox.RequestedPageSizes, size => Assert.Equal(100, size));
    }

    [Fact]
    public async Task Backfill_stops_at_the_30_day_window()
    {
        var old = new InMemoryDmInbox(InMemoryDmInbox.Ids(Base, 150), DateTimeOffset.UtcNow.AddDays(-31));

        var page = await Reader(old).ReadBackfillPageAsync("t", null);

        Assert.Empty(page.Events);
        Assert.Null(page.NextPaginationToken);
    }

    [Fact]
    public async Task Stored_id_that_is_not_numeric_is_refused()
    {
        var (inbox, _) = Inbox(1, 0);

        await Assert.ThrowsAsync<ArgumentException>(() => Reader(inbox).ReadNewAsync("t", "abc"));
    }
}
