using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// The index behind the dashboard's search (a substring of a handle, a name or a DM text), one per provider:
/// <list type="bullet">
/// <item>SQLite: FTS5 tables with the trigram tokenizer, <c>DmTextSearch</c> (the texts of DMs from senders other than
/// the user: the search finds senders by their own DMs) and <c>UserSearch</c> (handles and names), created by the
/// <c>DashboardAggregatesAndSearch</c> migration and kept in step with DmEvents, KnownUsers and Accounts by triggers
/// (insert, update, delete, "Delete my data"). Trigram indexing is most of what storing an event costs, so the triggers
/// do no more than the search needs (migration <c>LeanerSearchTriggers</c>): no user replies, and an update re-indexes
/// only when a searched value changed, since the worker re-upserts every page's senders. Terms shorter than three
/// characters have no trigram: the caller scans with LIKE.</item>
/// <item>PostgreSQL: pg_trgm GIN indexes on the columns themselves (<see cref="PostgreSql.PostgreSqlAppDbContext"/>),
/// which ILIKE uses; the columns' collation is "C", so ILIKE folds ASCII letters only, as SQLite's LIKE does.</item>
/// </list>
/// Either way the index only finds candidates; the LIKE / ILIKE on the rows keeps the result exactly that of a LIKE scan,
/// and the term's LIKE wildcards, quotes and FTS operators are plain text.
/// </summary>
public static class SearchIndex
{
    /// <summary>Trigrams: shorter terms have none, and FTS5 then matches nothing.</summary>
    public const int MinimumLength = 3;

    /// <summary>True when the index can answer <paramref name="term"/>: PostgreSQL, or SQLite and at least three characters.</summary>
    public static bool CanSeek(AppDbContext db, string term)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(term);
        return db.Database.IsNpgsql() || (db.Database.IsSqlite() && term.EnumerateRunes().Count() >= MinimumLength);
    }

    /// <summary>
    /// The ids of the account's senders whose handle, name or a DM text contains <paramref name="term"/>, through the
    /// provider's index (call only when <see cref="CanSeek"/> says so): every one, for a query to select by.
    /// </summary>
    public static IQueryable<string> SenderIds(AppDbContext db, string accountId, string term)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var pattern = LikePattern(term);
        if (db.Database.IsNpgsql())
        {
            return NpgsqlTexts(db, accountId, pattern).Union(NpgsqlUsers(db, accountId, pattern));
        }

        // The FTS match finds candidates (case-folded, so a superset of LIKE's matches); the LIKE on the candidates'
        // copies of the texts keeps the result exactly that of the LIKE scan. The term is one quoted phrase.
        var phrase = Phrase(term);
        return db.Database.SqlQuery<string>($"""
            SELECT SenderId AS Value FROM DmTextSearch
            WHERE DmTextSearch MATCH {phrase} AND AccountId = {accountId} AND Text LIKE {pattern} ESCAPE '\'
            UNION
            SELECT UserId FROM UserSearch
            WHERE UserSearch MATCH {phrase} AND AccountId = {accountId} AND (Username LIKE {pattern} ESCAPE '\' OR Name LIKE {pattern} ESCAPE '\')
            """);
    }

    /// <summary>
    /// The list's first look at a search (call only when <see cref="CanSeek"/> says so): the ids of the matching senders
    /// when the index gives them all cheaply, <see cref="SearchProbe.Complete"/> true; otherwise the probe stops early and
    /// says only that there are more than <paramref name="exactSenders"/>. Complete means: at most
    /// <paramref name="exactSenders"/> senders however many rows match (a selective term), or at most
    /// <paramref name="setSenders"/> senders found in fewer than <paramref name="setRows"/> matching rows (DM texts and
    /// users). So a broad term costs at most <paramref name="setRows"/> rows, or the rows up to its
    /// (<paramref name="exactSenders"/> + 1)-th sender when more, rather than the rows up to its
    /// (<paramref name="setSenders"/> + 1)-th sender (template DMs repeat: ten rows per sender on the seeded bench).
    /// </summary>
    /// <remarks>
    /// SQLite: the matching rows stream from the FTS tables in index order (one statement; reading stops where the rule
    /// says, and SQLite then reads no further). PostgreSQL: one statement with the limits in the SQL
    /// (<c>DISTINCT … LIMIT</c> on each side), which bounds distinct senders, not rows, since a reader closed early
    /// there still receives the whole result.
    /// </remarks>
    public static async Task<SearchProbe> ProbeAsync(
        AppDbContext db, string accountId, string term, int exactSenders, int setSenders, int setRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var pattern = LikePattern(term);
        if (db.Database.IsNpgsql())
        {
            var most = setSenders + 1;
            var found = await NpgsqlTexts(db, accountId, pattern).Distinct().Take(most)
                .Union(NpgsqlUsers(db, accountId, pattern).Take(most))
                .ToListAsync(cancellationToken);
            return new SearchProbe(found, found.Count <= setSenders);
        }

        var phrase = Phrase(term);
        var rows = db.Database.SqlQuery<string>($"""
            SELECT SenderId AS Value FROM DmTextSearch
            WHERE DmTextSearch MATCH {phrase} AND AccountId = {accountId} AND Text LIKE {pattern} ESCAPE '\'
            UNION ALL
            SELECT UserId FROM UserSearch
            WHERE UserSearch MATCH {phrase} AND AccountId = {accountId} AND (Username LIKE {pattern} ESCAPE '\' OR Name LIKE {pattern} ESCAPE '\')
            """);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        await foreach (var id in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            read++;
            if (id is not null && ids.Add(id) && ids.Count > setSenders)
            {
                return new SearchProbe([.. ids], Complete: false);
            }

            if (read >= setRows && ids.Count > exactSenders)
            {
                return new SearchProbe([.. ids], Complete: false);
            }
        }

        return new SearchProbe([.. ids], Complete: true);
    }

    private static IQueryable<string> NpgsqlTexts(AppDbContext db, string accountId, string pattern) =>
        db.DmEvents
            .Where(e => e.AccountId == accountId && e.SenderId != null && EF.Functions.ILike(e.Text!, pattern, "\\"))
            .Select(e => e.SenderId!);

    private static IQueryable<string> NpgsqlUsers(AppDbContext db, string accountId, string pattern) =>
        db.KnownUsers
            .Where(u => u.AccountId == accountId && (EF.Functions.ILike(u.Username, pattern, "\\") || EF.Functions.ILike(u.Name!, pattern, "\\")))
            .Select(u => u.UserId);

    /// <summary>
    /// The verdicts whose sender's handle, name or a DM text contains <paramref name="term"/>, tested sender by sender
    /// (a key seek into the sender's user row and DMs each, no index on the text): what a walk in the list's order uses
    /// when the term matches so many senders that the next page's worth is found after a few rows. LIKE on SQLite, ILIKE
    /// on PostgreSQL (whose LIKE is case-sensitive), the same result as <see cref="SenderIds"/>.
    /// </summary>
    public static IQueryable<SenderVerdict> WhereSenderContains(AppDbContext db, IQueryable<SenderVerdict> verdicts, string accountId, string term)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(verdicts);
        var pattern = LikePattern(term);
        if (db.Database.IsNpgsql())
        {
            // Skip(0) writes OFFSET 0 into each EXISTS, which keeps PostgreSQL from turning it into a "hashed SubPlan":
            // the planner costs the EXISTS for every row of the view (it does not count the walk's LIMIT), finds one
            // pass over every matching DM cheaper and reads all of them (33,340 DMs, 90-170 ms, for a walk of 201
            // senders); with the OFFSET each sender is tested by a key seek, as on SQLite, and the walk stops at the LIMIT.
            // The OrderBy is each index's own order (free); EF warns about an OFFSET without one.
            var none = 0;
            return verdicts.Where(v =>
                db.KnownUsers.Where(u => u.AccountId == accountId && u.UserId == v.SenderId
                    && (EF.Functions.ILike(u.Username, pattern, "\\") || EF.Functions.ILike(u.Name!, pattern, "\\")))
                    .OrderBy(u => u.UserId).Skip(none).Any()
                || db.DmEvents.Where(e => e.AccountId == accountId && e.SenderId == v.SenderId && EF.Functions.ILike(e.Text!, pattern, "\\"))
                    .OrderBy(e => e.Sequence).Skip(none).Any());
        }

        return verdicts.Where(v =>
            db.KnownUsers.Any(u => u.AccountId == accountId && u.UserId == v.SenderId
                && (EF.Functions.Like(u.Username, pattern, "\\") || EF.Functions.Like(u.Name, pattern, "\\")))
            || db.DmEvents.Any(e => e.AccountId == accountId && e.SenderId == v.SenderId && EF.Functions.Like(e.Text, pattern, "\\")));
    }

    /// <summary>'%term%' with the term's own %, _ and \ escaped (escape character \): every character matches itself.</summary>
    public static string LikePattern(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
    }

    /// <summary>The term as one FTS5 string (double quotes doubled): every character in it is plain text, no operators.</summary>
    public static string Phrase(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return new StringBuilder(term.Length + 2).Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}

/// <summary>
/// What <see cref="SearchIndex.ProbeAsync"/> found: with <see cref="Complete"/>, the ids of every matching sender;
/// otherwise some of them, and more than the exact limit match.
/// </summary>
public sealed record SearchProbe(IReadOnlyList<string> SenderIds, bool Complete);
