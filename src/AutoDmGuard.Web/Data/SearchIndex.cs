using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// The index behind the dashboard's search (a substring of a handle, a name or a DM text), one per provider:
/// <list type="bullet">
/// <item>SQLite: FTS5 tables with the trigram tokenizer, <c>DmTextSearch</c> (DM texts) and <c>UserSearch</c> (handles
/// and names), created by the <c>DashboardAggregatesAndSearch</c> migration and kept in step with DmEvents, KnownUsers
/// and Accounts by triggers (insert, update, delete, "Delete my data"). Terms shorter than three characters have no
/// trigram: the caller scans with LIKE.</item>
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
    /// provider's index (call only when <see cref="CanSeek"/> says so). With <paramref name="limit"/>, the DM texts and
    /// the users each give at most that many distinct senders and the index stops reading there: fewer than
    /// <paramref name="limit"/> ids in all means the set is complete.
    /// </summary>
    public static IQueryable<string> SenderIds(AppDbContext db, string accountId, string term, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var pattern = LikePattern(term);
        if (db.Database.IsNpgsql())
        {
            var texts = db.DmEvents
                .Where(e => e.AccountId == accountId && e.SenderId != null && EF.Functions.ILike(e.Text!, pattern, "\\"))
                .Select(e => e.SenderId!);
            var users = db.KnownUsers
                .Where(u => u.AccountId == accountId && (EF.Functions.ILike(u.Username, pattern, "\\") || EF.Functions.ILike(u.Name!, pattern, "\\")))
                .Select(u => u.UserId);
            return limit is { } most ? texts.Distinct().Take(most).Union(users.Take(most)) : texts.Union(users);
        }

        // The FTS match finds candidates (case-folded, so a superset of LIKE's matches); the LIKE on the candidates'
        // copies of the texts keeps the result exactly that of the LIKE scan. The term is one quoted phrase.
        var phrase = Phrase(term);
        if (limit is { } cap)
        {
            // DISTINCT with LIMIT streams: the index stops after the cap-th distinct sender, not after the last match.
            return db.Database.SqlQuery<string>($"""
                SELECT Value FROM (SELECT DISTINCT SenderId AS Value FROM DmTextSearch
                    WHERE DmTextSearch MATCH {phrase} AND AccountId = {accountId} AND Text LIKE {pattern} ESCAPE '\' LIMIT {cap})
                UNION
                SELECT Value FROM (SELECT UserId AS Value FROM UserSearch
                    WHERE UserSearch MATCH {phrase} AND AccountId = {accountId} AND (Username LIKE {pattern} ESCAPE '\' OR Name LIKE {pattern} ESCAPE '\') LIMIT {cap})
                """);
        }

        return db.Database.SqlQuery<string>($"""
            SELECT SenderId AS Value FROM DmTextSearch
            WHERE DmTextSearch MATCH {phrase} AND AccountId = {accountId} AND Text LIKE {pattern} ESCAPE '\'
            UNION
            SELECT UserId FROM UserSearch
            WHERE UserSearch MATCH {phrase} AND AccountId = {accountId} AND (Username LIKE {pattern} ESCAPE '\' OR Name LIKE {pattern} ESCAPE '\')
            """);
    }

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
