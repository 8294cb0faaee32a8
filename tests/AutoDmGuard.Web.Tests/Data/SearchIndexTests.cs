using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Senders;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Data;

/// <summary>
/// The search reads the trigram index (SQLite: FTS5 for terms of three characters or more; PostgreSQL: pg_trgm GIN);
/// every result must be exactly what the LIKE scan it replaced returns (the oracle below is that query; ILIKE on
/// PostgreSQL, whose LIKE is case-sensitive), whatever the user types. PostgreSqlSearchParityTests (PostgreSQL pass)
/// compares the two providers directly.
/// </summary>
public sealed class SearchIndexTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    internal static readonly string[] QueryTexts =
    [
        "%", "_", "50%", "50% off", "%off", "today_only", "_only", "y_o", "\"YES\"", "\"", "\"\"", "it's", "AND", "and counting",
        "OR NOT", "NEAR(", "NEAR(the deal)", "col:value", "{Text}:", "^start", "-minus", "*star", "star*", "Text:guide",
        "Привет", "привет", "ПРИВЕТ", "приВЕТ", "подпишись", "日本語", "日本", "語", "Straße", "STRASSE", "strasse", "ß", "😀", "😀😀",
        "😀😀😀", "back\\slash", "\\", "C:\\temp", "café", "CAFÉ", "Café", "é", "Ünï", "ünï", "under_score", "100% real", "REAL",
        "a", "ab", "abc", "the", "  guide  ", "@under_score_bot", "@", "zzz-no-match", "guide\" OR \"shop", "'; DROP TABLE DmEvents; --",
    ];

    public static TheoryData<string> Queries() => new(QueryTexts);

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Results_equal_the_like_scan(string query)
    {
        var accountId = await SeedAsync();
        await using var db = database.Create();

        var actual = await new SenderListQuery(db).Matching(accountId, SenderFilter.All, query).Select(v => v.SenderId).OrderBy(id => id).ToListAsync();
        var expected = await LikeScan(db, accountId, query).OrderBy(id => id).ToListAsync();

        Assert.Equal(expected, actual);
        var page = await new SenderListQuery(db).RunAsync(accountId, new SenderListRequest(SenderFilter.All, query, 1, 200), CancellationToken.None);
        Assert.Equal(expected, page.Rows.Select(r => r.SenderId).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, page.Total);
    }

    [Fact]
    public async Task The_differential_covers_matches_and_the_index_path()
    {
        var accountId = await SeedAsync();
        await using var db = database.Create();
        var queries = QueryTexts;
        var nonEmpty = 0;
        foreach (var query in queries)
        {
            nonEmpty += await LikeScan(db, accountId, query).AnyAsync() ? 1 : 0;
        }

        // Most queries find something (so equal results mean something), and most take the index path.
        Assert.True(nonEmpty >= queries.Length * 2 / 3, $"{nonEmpty} of {queries.Length} queries match");
        Assert.True(queries.Count(q => SenderListQuery.NormalizeSearch(q) is { } t && SearchIndex.CanSeek(db, t)) >= queries.Length * 3 / 4);
    }

    [Fact]
    public async Task The_index_follows_inserts_renames_and_deletes()
    {
        var seed = new SenderSeed();
        var bot = seed.Sender("renamed_later", 0.9, name: "Old Name Shop", texts: ["ephemeral offer inside"]);
        await using var db = database.Create();
        await seed.SaveAsync(db);
        if (!TestDatabase.IsPostgreSql)
        {
            // SQLite's index is a copy kept by triggers; PostgreSQL's indexes the rows themselves.
            Assert.Equal(await db.DmEvents.CountAsync(e => e.Text != null && e.SenderId != null && !e.FromMe), await CountAsync(db, "DmTextSearch", null));
            Assert.Equal(await db.KnownUsers.CountAsync(), await CountAsync(db, "UserSearch", null));
        }

        Assert.Equal([bot.Id], await IdsAsync(db, seed.AccountId, "Old Name"));

        await db.KnownUsers.Where(u => u.AccountId == seed.AccountId && u.UserId == bot.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Name, "Brand New Label").SetProperty(u => u.Username, "fresh_handle"));
        Assert.Empty(await IdsAsync(db, seed.AccountId, "Old Name"));
        Assert.Empty(await IdsAsync(db, seed.AccountId, "renamed_later"));
        Assert.Equal([bot.Id], await IdsAsync(db, seed.AccountId, "new label"));
        Assert.Equal([bot.Id], await IdsAsync(db, seed.AccountId, "fresh_han"));

        Assert.Equal([bot.Id], await IdsAsync(db, seed.AccountId, "ephemeral"));
        await db.DmEvents.Where(e => e.AccountId == seed.AccountId && e.EventId == bot.EventIds[0]).ExecuteDeleteAsync();
        Assert.Empty(await IdsAsync(db, seed.AccountId, "ephemeral"));
        Assert.Equal(0, await IndexMatchesAsync(db, "ephemeral"));
    }

    [Fact]
    public async Task The_users_own_replies_are_not_indexed_and_find_no_sender()
    {
        // The search finds senders by their own DMs (the LIKE scan's definition); the user's replies in a sender's
        // conversation are not theirs, so SQLite's index leaves them out (the most costly part of storing an event).
        var seed = new SenderSeed();
        var bot = seed.Sender("replied_to", 0.9, texts: ["Grab the tangerine checklist"]);
        await using var db = database.Create();
        await seed.SaveAsync(db);
        var reply = SenderSeed.NewId();
        db.DmEvents.Add(new DmEvent
        {
            AccountId = seed.AccountId,
            EventId = reply,
            Sequence = long.Parse(reply, System.Globalization.CultureInfo.InvariantCulture),
            EventType = DmEventTypes.MessageCreate,
            Text = "no thanks, and stop sending the quixotic walrus pitch",
            SenderId = seed.AccountId,
            FromMe = true,
            ConversationId = bot.Id + "-" + seed.AccountId,
            CreatedAt = DateTime.UtcNow,
            StoredAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();

        Assert.Empty(await LikeScan(db, seed.AccountId, "quixotic walrus").ToListAsync());
        Assert.Empty(await IdsAsync(db, seed.AccountId, "quixotic walrus"));
        Assert.Equal([bot.Id], await IdsAsync(db, seed.AccountId, "tangerine"));
        if (!TestDatabase.IsPostgreSql)
        {
            Assert.Equal(0, await IndexMatchesAsync(db, "walrus"));
            Assert.Equal(1, await IndexMatchesAsync(db, "tangerine"));
        }
    }

    [Fact]
    public async Task A_profile_upsert_that_changes_nothing_searched_leaves_the_index_rows_alone()
    {
        // The worker upserts every page's senders; an FTS5 delete + insert per unchanged user was most of a backfill's
        // storing time. SQLite's total_changes() counts the triggers' writes too: one row written means no trigger ran.
        if (TestDatabase.IsPostgreSql)
        {
            return;
        }

        var seed = new SenderSeed();
        var bot = seed.Sender("steady_handle", 0.9, name: "Steady Name", texts: ["hello there"]);
        await using var db = database.Create();
        await seed.SaveAsync(db);
        await db.Database.OpenConnectionAsync();

        async Task<long> WrittenByUpsertAsync(string username, string name)
        {
            var before = await db.Database.SqlQuery<long>($"SELECT total_changes() AS Value").SingleAsync();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                XUser user = new() { Id = bot.Id, Username = username, Name = name, Description = "a new bio " + Guid.NewGuid() };
                await AutoDmGuard.Web.Polling.KnownUserStore.UpsertAsync(db, seed.AccountId, [user], DateTime.UtcNow, CancellationToken.None);
                await transaction.CommitAsync();
            }

            return await db.Database.SqlQuery<long>($"SELECT total_changes() AS Value").SingleAsync() - before;
        }

        Assert.Equal(1, await WrittenByUpsertAsync("steady_handle", "Steady Name"));
        Assert.True(await WrittenByUpsertAsync("steady_handle", "Renamed Name") > 1);
        Assert.Empty(await IdsAsync(db, seed.AccountId, "Steady Name"));
        Assert.Equal([bot.Id], await IdsAsync(db, seed.AccountId, "renamed name"));
        Assert.Equal(await db.KnownUsers.CountAsync(), await CountAsync(db, "UserSearch", null));
    }

    [Fact]
    public async Task Another_accounts_rows_never_match()
    {
        var mine = new SenderSeed();
        mine.Sender("my_sender", 0.9, texts: ["nothing special here"]);
        var theirs = new SenderSeed();
        theirs.Sender("their_sender", 0.9, name: "Secretive Name", texts: ["a very secretive text"]);
        await using var db = database.Create();
        await mine.SaveAsync(db);
        await theirs.SaveAsync(db);

        Assert.Empty(await IdsAsync(db, mine.AccountId, "secretive"));
        Assert.Single(await IdsAsync(db, theirs.AccountId, "secretive"));
    }

    [Theory]
    [InlineData("free guide", SenderFilter.All, 600, 1)]
    [InlineData("FREE GUIDE", SenderFilter.Flagged, 600, 1)]
    [InlineData("fr", SenderFilter.All, 600, 1)]
    [InlineData("free guide", SenderFilter.All, 1400, 1)]
    [InlineData("free guide", SenderFilter.All, 600, 5)]
    public async Task A_broad_search_pages_in_list_order_and_caps_its_count(string query, SenderFilter filter, int senders, int dmsPerSender)
    {
        // More matching senders than the exact path takes and than the count reads for the first page; senders whose
        // texts do not match sit between them in score order. 600 senders: 514 match, within SetSearchSenders;
        // 1,400: 1,200 match, beyond it. 600 senders of 5 DMs each: 514 senders in 2,570 matching DMs, beyond
        // SetSearchRows.
        var seed = new SenderSeed();
        for (var i = 0; i < senders; i++)
        {
            var text = i % 7 == 3 ? "see you at the meetup" : "Thanks for the follow! A Free Guide for you";
            seed.Sender("bot_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.2 + ((i % 400) * 0.002), flagged: i % 5 != 0,
                texts: [.. Enumerable.Repeat(text, dmsPerSender)]);
        }

        var log = new CommandLog();
        await using var db = database.Create(log);
        await seed.SaveAsync(db);
        var expected = await LikeScan(db, seed.AccountId, query)
            .Join(db.SenderVerdicts.Where(v => v.AccountId == seed.AccountId && (filter == SenderFilter.All || (v.Flagged && v.Status == SenderStatus.Active))),
                id => id, v => v.SenderId, (_, v) => v)
            .OrderByDescending(v => v.Score).ThenBy(v => v.SenderId).Select(v => v.SenderId).ToListAsync();
        Assert.True(expected.Count > SenderListQuery.SearchCountLimit + 100, $"{expected.Count} senders match");
        var inAccount = await LikeScan(db, seed.AccountId, query).CountAsync();
        const int pageSize = 50;
        var list = new SenderListQuery(db);

        // The index gives the complete set of matching senders when there are at most SetSearchSenders in the account
        // and it found them in fewer than SetSearchRows matching DMs: the walk then tests each listed sender against
        // it, and only the index probe reads DM texts. Beyond that (or with no probe: a two-character term on SQLite)
        // the walk reads each sender's DMs. On PostgreSQL the probe bounds distinct senders only.
        var probe = SearchIndex.CanSeek(db, SenderListQuery.NormalizeSearch(query)!);
        var withinRows = TestDatabase.IsPostgreSql || inAccount * dmsPerSender < SenderListQuery.SetSearchRows;
        var againstSet = probe && inAccount <= SenderListQuery.SetSearchSenders && withinRows;
        Assert.Equal(senders < 1000 && (dmsPerSender == 1 || TestDatabase.IsPostgreSql), againstSet || !probe);
        async Task<SenderListResult> RunAsync(int page)
        {
            log.Clear();
            var result = await list.RunAsync(seed.AccountId, new SenderListRequest(filter, query, page, pageSize), CancellationToken.None);
            var readingDms = log.Commands.Where(c => c.Contains("DmEvents", StringComparison.Ordinal) || c.Contains("DmTextSearch", StringComparison.Ordinal)).ToList();
            Assert.True((probe ? 1 : 0) + (againstSet ? 0 : 1) == readingDms.Count, string.Join("\n----\n", readingDms));
            return result;
        }

        var first = await RunAsync(1);
        Assert.Equal(expected.Take(pageSize), first.Rows.Select(r => r.SenderId));
        Assert.True(first.TotalIsLowerBound);
        Assert.Equal(SenderListQuery.SearchCountLimit, first.Total);
        Assert.Equal(SenderListQuery.SearchCountLimit + "+", first.TotalText);

        var third = await RunAsync(3);
        Assert.Equal(expected.Skip(2 * pageSize).Take(pageSize), third.Rows.Select(r => r.SenderId));
        Assert.Equal(3, third.Page);

        // Far enough in, the count reaches the end: exact again, and a page past the end is clamped to the last one.
        var lastPage = (expected.Count + pageSize - 1) / pageSize;
        var past = await RunAsync(lastPage + 5);
        Assert.False(past.TotalIsLowerBound);
        Assert.Equal(expected.Count, past.Total);
        Assert.Equal(lastPage, past.Page);
        Assert.Equal(expected.Skip((lastPage - 1) * pageSize), past.Rows.Select(r => r.SenderId));

        // "Unfollow all shown" still selects every matching sender, not the counted ones.
        Assert.Equal(expected.Order(StringComparer.Ordinal), await list.Matching(seed.AccountId, filter, query).Select(v => v.SenderId).OrderBy(id => id).ToListAsync());
    }

    [Fact]
    public async Task A_set_search_reads_the_verdicts_of_its_ids_by_primary_key()
    {
        // The set path (534 matching senders within SetSearchSenders): the walk and the page read the listed ids' verdicts
        // by primary key. With the view's filter or the list's ORDER BY in those statements, SQLite (no statistics)
        // picked the view's index or the score index and read every row of the view to test its id.
        if (TestDatabase.IsPostgreSql)
        {
            return;
        }

        var seed = new SenderSeed();
        for (var i = 0; i < 600; i++)
        {
            seed.Sender("set_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.2 + ((i % 400) * 0.002), flagged: i % 5 != 0,
                texts: [i % 7 == 3 ? "see you at the meetup" : "Watch my YouTube channel"]);
        }

        var log = new CommandLog();
        await using var db = database.Create(log);
        await seed.SaveAsync(db);
        var expected = await LikeScan(db, seed.AccountId, "youtube")
            .Join(db.SenderVerdicts.Where(v => v.AccountId == seed.AccountId && v.Flagged && v.Status == SenderStatus.Active), id => id, v => v.SenderId, (_, v) => v)
            .OrderByDescending(v => v.Score).ThenBy(v => v.SenderId).Select(v => v.SenderId).Take(50).ToListAsync();
        log.Clear();
        var page = await new SenderListQuery(db).RunAsync(seed.AccountId, new SenderListRequest(SenderFilter.Flagged, "youtube", 1, 50), CancellationToken.None);
        Assert.Equal(expected, page.Rows.Select(r => r.SenderId));
        Assert.True(page.TotalIsLowerBound);

        var verdictReads = log.Commands.Where(c => c.Contains("\"SenderVerdicts\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, verdictReads.Count);
        foreach (var sql in verdictReads)
        {
            var plan = await SqlitePlans.ExplainAsync(db, sql);
            var verdictSteps = plan.Where(p => p.Contains("SenderVerdicts", StringComparison.Ordinal)).ToList();
            Assert.True(verdictSteps.Count > 0 && verdictSteps.All(p => p.Contains("(AccountId=? AND SenderId=?)", StringComparison.Ordinal)),
                string.Join("\n", plan) + "\n----\n" + sql);
        }
    }

    /// <summary>Rows the search index holds for the account: (DM texts, users); on PostgreSQL the indexed rows themselves.</summary>
    internal static async Task<(int Texts, int Users)> IndexRowsAsync(AppDbContext db, string accountId) =>
        TestDatabase.IsPostgreSql
            ? (await db.DmEvents.CountAsync(e => e.AccountId == accountId && e.Text != null), await db.KnownUsers.CountAsync(u => u.AccountId == accountId))
            : (await CountAsync(db, "DmTextSearch", accountId), await CountAsync(db, "UserSearch", accountId));

    /// <summary>DM texts the index finds for <paramref name="word"/> in any account.</summary>
    internal static Task<int> IndexMatchesAsync(AppDbContext db, string word) =>
        TestDatabase.IsPostgreSql
            ? db.DmEvents.CountAsync(e => EF.Functions.ILike(e.Text!, "%" + word + "%"))
            : db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM DmTextSearch WHERE DmTextSearch MATCH {word}").SingleAsync();

    internal static Task<int> CountAsync(AppDbContext db, string table, string? accountId) =>
        db.Database.SqlQueryRaw<int>(
            accountId is null ? $"SELECT COUNT(*) AS Value FROM {table}" : $"SELECT COUNT(*) AS Value FROM {table} WHERE AccountId = {{0}}",
            accountId is null ? [] : [accountId]).SingleAsync();

    private static Task<List<string>> IdsAsync(AppDbContext db, string accountId, string query) =>
        new SenderListQuery(db).Matching(accountId, SenderFilter.All, query).Select(v => v.SenderId).ToListAsync();

    /// <summary>The search as it was before the index: LIKE '%term%' (wildcards escaped) over handles, names and DM texts.</summary>
    private static IQueryable<string> LikeScan(AppDbContext db, string accountId, string query)
    {
        var term = SenderListQuery.NormalizeSearch(query);
        var senders = db.SenderVerdicts.AsNoTracking().Where(v => v.AccountId == accountId);
        if (term is null)
        {
            return senders.Select(v => v.SenderId);
        }

        var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        if (TestDatabase.IsPostgreSql)
        {
            return senders
                .Where(v =>
                    db.KnownUsers.Any(u => u.AccountId == accountId && u.UserId == v.SenderId
                        && (EF.Functions.ILike(u.Username, pattern, "\\") || EF.Functions.ILike(u.Name!, pattern, "\\")))
                    || db.DmEvents.Any(e => e.AccountId == accountId && e.SenderId == v.SenderId && EF.Functions.ILike(e.Text!, pattern, "\\")))
                .Select(v => v.SenderId);
        }

        return senders
            .Where(v =>
                db.KnownUsers.Any(u => u.AccountId == accountId && u.UserId == v.SenderId
                    && (EF.Functions.Like(u.Username, pattern, "\\") || EF.Functions.Like(u.Name, pattern, "\\")))
                || db.DmEvents.Any(e => e.AccountId == accountId && e.SenderId == v.SenderId && EF.Functions.Like(e.Text, pattern, "\\")))
            .Select(v => v.SenderId);
    }

    private async Task<string> SeedAsync()
    {
        var seed = SearchSeed();
        await using var db = database.Create();
        await seed.SaveAsync(db);
        return seed.AccountId;
    }

    /// <summary>Senders whose handles, names and texts hold wildcards, quotes, FTS syntax, non-ASCII letters and emoji.</summary>
    internal static SenderSeed SearchSeed()
    {
        var seed = new SenderSeed();
        seed.Sender("shop_bot", 0.9, name: "Deals Shop", texts: ["Get 50% off today_only at my shop", "Reply \"YES\" for the guide"]);
        seed.Sender("counter", 0.8, name: "Counter", texts: ["it's 100_000 followers AND counting", "NEAR(the deal) OR NOT this one"]);
        seed.Sender("syntax_fan", 0.7, name: "Syntax", texts: ["col:value and {Text}: braces ^start -minus *star"]);
        seed.Sender("ru_bot", 0.9, name: "Канал", texts: ["Привет! Подпишись на мой канал"]);
        seed.Sender("ru_caps", 0.6, name: "Громко", texts: ["ПРИВЕТ ВСЕМ"]);
        seed.Sender("jp_bot", 0.6, name: "日本語の名前", texts: ["日本語のメッセージです"]);
        seed.Sender("de_bot", 0.5, name: "Straße", texts: ["Straße und STRASSE"]);
        seed.Sender("emoji_bot", 0.5, name: "Party 😀", texts: ["emoji 😀😀😀 party"]);
        seed.Sender("path_bot", 0.4, name: "Paths", texts: ["back\\slash path C:\\temp"]);
        seed.Sender("cafe_bot", 0.4, name: "CAFÉ crème", texts: ["café crème"]);
        seed.Sender("under_score_bot", 0.3, name: "Ünïcödé Nämé", texts: ["plain words only"]);
        seed.Sender("real_person", 0.1, flagged: false, name: "100% Real Person", texts: ["see you at the ride, I'll bring the guide"]);
        return seed;
    }
}
