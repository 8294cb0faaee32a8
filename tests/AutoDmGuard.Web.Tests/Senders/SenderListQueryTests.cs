using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Senders;

public sealed class SenderListQueryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private async Task<SenderListResult> ListAsync(string accountId, SenderFilter filter, string? search = null, int page = 1, int pageSize = 50)
    {
        await using var db = database.Create();
        return await new SenderListQuery(db).RunAsync(accountId, new SenderListRequest(filter, search, page, pageSize), CancellationToken.None);
    }

    private async Task<(SenderSeed Seed, Dictionary<string, SeededSender> Senders)> SeedMixedAsync()
    {
        var seed = new SenderSeed();
        var senders = new Dictionary<string, SeededSender>
        {
            ["low"] = seed.Sender("low_bot", 0.61),
            ["high"] = seed.Sender("high_bot", 0.97, texts: ["Hey! Grab 50% off at my shop", "Still there?"]),
            ["mid"] = seed.Sender("mid_bot", 0.80, name: "Mid Growth Co"),
            ["friend"] = seed.Sender("a_friend", 0.05, flagged: false, texts: ["see you at the meetup tonight"]),
            ["kept"] = seed.Sender("kept_one", 0.90, status: SenderStatus.Kept, mark: SenderMark.NotAutomated),
            ["gone"] = seed.Sender("gone_bot", 0.95, status: SenderStatus.Unfollowed),
            ["muted"] = seed.Sender("muted_bot", 0.70, status: SenderStatus.Muted),
        };
        await using var db = database.Create();
        await seed.SaveAsync(db);
        return (seed, senders);
    }

    [Fact]
    public async Task Flagged_lists_active_flagged_senders_highest_score_first()
    {
        var (seed, _) = await SeedMixedAsync();

        var result = await ListAsync(seed.AccountId, SenderFilter.Flagged);

        Assert.Equal(["high_bot", "mid_bot", "low_bot"], result.Rows.Select(r => r.Username));
        Assert.Equal(3, result.Total);
        var high = result.Rows[0];
        Assert.Equal(2, high.DmCount);
        Assert.Equal("Still there?", high.LatestDmExcerpt);
        Assert.True(high.Follow.Following);
        Assert.Equal(["template shared", "sent within minutes of follow"], high.TopReasons.Select(r => r.Label));
    }

    [Theory]
    [InlineData(SenderFilter.All, new[] { "high_bot", "gone_bot", "kept_one", "mid_bot", "muted_bot", "low_bot", "a_friend" })]
    [InlineData(SenderFilter.Kept, new[] { "kept_one" })]
    [InlineData(SenderFilter.Unfollowed, new[] { "gone_bot" })]
    [InlineData(SenderFilter.Muted, new[] { "muted_bot" })]
    public async Task Filters_select_by_status(SenderFilter filter, string[] expected)
    {
        var (seed, _) = await SeedMixedAsync();

        var result = await ListAsync(seed.AccountId, filter);

        Assert.Equal(expected, result.Rows.Select(r => r.Username));
    }

    [Theory]
    [InlineData("@high_bot", new[] { "high_bot" })]
    [InlineData("HIGH", new[] { "high_bot" })]
    [InlineData("growth co", new[] { "mid_bot" })]
    [InlineData("50% off", new[] { "high_bot" })]
    [InlineData("meetup", new string[0])]
    [InlineData("_bot", new[] { "high_bot", "mid_bot", "low_bot" })]
    public async Task Search_matches_handle_name_or_dm_text_within_the_filter(string search, string[] expected)
    {
        var (seed, _) = await SeedMixedAsync();

        var result = await ListAsync(seed.AccountId, SenderFilter.Flagged, search);

        Assert.Equal(expected, result.Rows.Select(r => r.Username));
    }

    [Fact]
    public async Task Search_treats_like_wildcards_as_literal_text()
    {
        var (seed, _) = await SeedMixedAsync();

        // "%" alone would match everything if it reached LIKE unescaped; only high_bot's DM contains a literal "%".
        var percent = await ListAsync(seed.AccountId, SenderFilter.All, "%");
        var underscore = await ListAsync(seed.AccountId, SenderFilter.All, "a_f");

        Assert.Equal(["high_bot"], percent.Rows.Select(r => r.Username));
        Assert.Equal(["a_friend"], underscore.Rows.Select(r => r.Username));
    }

    [Fact]
    public async Task Pages_are_stable_and_out_of_range_pages_clamp()
    {
        var seed = new SenderSeed();
        for (var i = 0; i < 7; i++)
        {
            // Two pairs share a score: the sender id breaks the tie, so no row shows on two pages.
            seed.Sender($"pager_{i}", 0.9 - (i / 2 * 0.1));
        }

        await using (var db = database.Create())
        {
            await seed.SaveAsync(db);
        }

        var pages = new List<SenderListResult>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await ListAsync(seed.AccountId, SenderFilter.Flagged, page: page, pageSize: 3));
        }

        var beyond = await ListAsync(seed.AccountId, SenderFilter.Flagged, page: 99, pageSize: 3);

        Assert.All(pages, p => Assert.Equal(3, p.PageCount));
        Assert.Equal([3, 3, 1], pages.Select(p => p.Rows.Count));
        Assert.Equal(7, pages.SelectMany(p => p.Rows).Select(r => r.SenderId).Distinct().Count());
        Assert.Equal(3, beyond.Page);
        Assert.Equal(pages[2].Rows.Select(r => r.SenderId), beyond.Rows.Select(r => r.SenderId));
    }

    [Theory]
    [InlineData(SenderFilter.Flagged)]
    [InlineData(SenderFilter.All)]
    public async Task Every_page_is_its_slice_of_the_list_order_with_ties_across_page_boundaries(SenderFilter filter)
    {
        // 43 senders in six score groups (ties of 5-9 senders, several spanning two pages of 4), a few not flagged: each
        // page must be exactly its slice of score descending, then sender id, and the pages together the whole view.
        var seed = new SenderSeed();
        for (var i = 0; i < 43; i++)
        {
            seed.Sender($"tied_{i}", 0.95 - ((i * 7 % 6) * 0.05), flagged: i % 9 != 4, id: (9_000_000 - (i * 37 % 43)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        List<string> expected;
        await using (var db = database.Create())
        {
            await seed.SaveAsync(db);
            expected = [.. (await new SenderListQuery(db).Matching(seed.AccountId, filter, null)
                    .Select(v => new { v.SenderId, v.Score }).ToListAsync())
                .OrderByDescending(v => v.Score).ThenBy(v => v.SenderId, StringComparer.Ordinal).Select(v => v.SenderId)];
        }

        const int pageSize = 4;
        var pageCount = (expected.Count + pageSize - 1) / pageSize;
        for (var page = 1; page <= pageCount; page++)
        {
            var result = await ListAsync(seed.AccountId, filter, page: page, pageSize: pageSize);
            Assert.Equal(expected.Skip((page - 1) * pageSize).Take(pageSize), result.Rows.Select(r => r.SenderId));
            Assert.Equal(expected.Count, result.Total);
        }
    }

    [Fact]
    public async Task Never_lists_another_accounts_senders()
    {
        var (mine, _) = await SeedMixedAsync();
        var other = new SenderSeed();
        other.Sender("high_bot_of_someone_else", 0.99);
        await using (var db = database.Create())
        {
            await other.SaveAsync(db);
        }

        var all = await ListAsync(mine.AccountId, SenderFilter.All, "high_bot");

        Assert.Equal(["high_bot"], all.Rows.Select(r => r.Username));
    }
}
