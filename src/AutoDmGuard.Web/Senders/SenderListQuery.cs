using AutoDmGuard.Web.Data;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Senders;

/// <summary>What the list asks for. <see cref="Page"/> is 1-based.</summary>
public sealed record SenderListRequest(SenderFilter Filter, string? Search, int Page, int PageSize);

/// <summary>
/// One page of the list. <see cref="TotalIsLowerBound"/>: a search matched so many senders that counting stopped at
/// <see cref="Total"/> ("200+ senders"); the pages up to there exist.
/// </summary>
public sealed record SenderListResult(IReadOnlyList<SenderRow> Rows, int Total, int Page, int PageSize, bool TotalIsLowerBound = false)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>"12", or "200+" when counting stopped there.</summary>
    public string TotalText => Total.ToString(System.Globalization.CultureInfo.InvariantCulture) + (TotalIsLowerBound ? "+" : "");

    /// <summary>"4", or "11+" when counting stopped in the eleventh page.</summary>
    public string PageCountText => PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + (TotalIsLowerBound ? "+" : "");
}

/// <summary>
/// The senders list for one account. Every query starts from the account id, which comes from the signed-in principal;
/// ordering is score first, then sender id, so paging is stable. The flagged view walks the
/// (AccountId, Flagged, Status, Score) index backwards and stops after one page.
/// </summary>
/// <remarks>
/// A search first asks the index for at most <see cref="ExactSearchSenders"/> matching senders. When it finds no more,
/// they are the whole result: counted and paged exactly. When there are more (a word of a template thousands of senders
/// sent; also any one- or two-character term, which the trigram index cannot answer), the page is found by walking the
/// view's own index in list order and testing each sender with key seeks into its user row and DMs, stopping after the
/// page; the count stops <see cref="SearchCountLimit"/> senders past the page's start. What a request reads then grows
/// with the page asked for, not with the number of matching DMs. Up to <see cref="SetSearchSenders"/> matching senders
/// the index gives the complete set, and the walk reads those senders' verdicts by primary key and applies the view's
/// filter and order in memory rather than reading each sender's DMs (same senders, order and count), provided they turn up in fewer than
/// <see cref="SetSearchRows"/> matching rows: the probe stops reading there (<see cref="SearchIndex.ProbeAsync"/>).
/// </remarks>
public sealed class SenderListQuery(AppDbContext db)
{
    public const int MaxSearchLength = 100;

    /// <summary>A search matching at most this many senders is counted and paged from their ids.</summary>
    public const int ExactSearchSenders = 200;

    /// <summary>A broader search counts this many senders past the start of the page asked for, then says "N+" (four pages ahead).</summary>
    public const int SearchCountLimit = 200;

    /// <summary>
    /// A search matching more than <see cref="ExactSearchSenders"/> senders but at most this many walks the list testing
    /// each sender against the set of ids the index gave (one probe, no DM read per sender); a broader one tests each
    /// sender's user row and DMs as it walks, so the probe stops after this many senders and the walk after the page.
    /// </summary>
    public const int SetSearchSenders = 1000;

    /// <summary>
    /// The matching rows (DM texts and users) the probe reads at most when it has already found more than
    /// <see cref="ExactSearchSenders"/> senders: a term found in more rows walks the list instead of taking the set path.
    /// </summary>
    public const int SetSearchRows = 2000;

    public async Task<SenderListResult> RunAsync(string accountId, SenderListRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = Math.Clamp(request.PageSize, 1, 200);
        var term = NormalizeSearch(request.Search);
        var matching = Filtered(accountId, request.Filter);
        var requested = Math.Max(1, request.Page);
        int total;
        var lowerBound = false;
        SearchProbe? probe = null;
        List<string>? walked = null;
        List<string>? pageOrder = null;
        if (term is not null && SearchIndex.CanSeek(db, term))
        {
            probe = await SearchIndex.ProbeAsync(db, accountId, term, ExactSearchSenders, SetSearchSenders, SetSearchRows, ct);
        }

        var senderIds = probe is { Complete: true } ? probe.SenderIds : null;

        if (term is null)
        {
            total = await matching.CountAsync(ct);
        }
        else if (senderIds is { Count: <= ExactSearchSenders })
        {
            matching = matching.Where(v => senderIds.Contains(v.SenderId));
            total = await matching.CountAsync(ct);
        }
        else
        {
            // One walk in list order, stopped where the counting limit is reached: its ids give the count and every
            // page up to there, so the page's rows are then read by key rather than by walking the list a second time.
            // With the complete set of matching ids known (at most SetSearchSenders, found in fewer than SetSearchRows
            // rows), the set's verdicts are read by key and filtered and ordered in memory; otherwise each listed sender
            // is tested by key seeks into its user row and DMs. Either way the same senders in the same order.
            var limit = (int)Math.Min(int.MaxValue - 1L, ((requested - 1L) * pageSize) + SearchCountLimit);
            if (senderIds is not null)
            {
                // The set's verdicts by primary key, then the view's filter and list order in memory (the same
                // predicate, compiled; ids compare ordinally, as SQLite's BINARY collation does): with the filter in the
                // statement, SQLite (no statistics) walks the view's index and reads every row of the view to test its
                // id (world, flagged view, `YouTube`: up to 5,588 rows for 534 ids, 14-25 ms).
                var keep = FilterPredicate(request.Filter)?.Compile() ?? (_ => true);
                var candidates = await db.SenderVerdicts.AsNoTracking()
                    .Where(v => v.AccountId == accountId && senderIds.Contains(v.SenderId))
                    .Select(v => new SenderVerdict { AccountId = v.AccountId, SenderId = v.SenderId, Score = v.Score, Flagged = v.Flagged, Status = v.Status })
                    .ToListAsync(ct);
                walked = [.. candidates.Where(keep).OrderByDescending(v => v.Score).ThenBy(v => v.SenderId, StringComparer.Ordinal)
                    .Select(v => v.SenderId).Take(limit + 1)];
            }
            else
            {
                walked = await InListOrder(SearchIndex.WhereSenderContains(db, matching, accountId, term))
                    .Select(v => v.SenderId).Take(limit + 1).ToListAsync(ct);
            }

            lowerBound = walked.Count > limit;
            total = Math.Min(walked.Count, limit);
        }

        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        var page = Math.Clamp(requested, 1, pageCount);
        var skip = (page - 1) * pageSize;
        if (walked is not null)
        {
            // The page's rows by primary key alone, unordered (the walk gave the ids in list order and applied the view's
            // filter): with the filter's columns or the list's ORDER BY in the statement, SQLite (no statistics) walks the
            // view's index or the score index instead and reads every row of the view to test its id (world, flagged
            // view, `YouTube`: 5,588 rows for the page's 50, 22-27 ms of a 50-60 ms search).
            pageOrder = walked.Skip(skip).Take(pageSize).ToList();
            var pageIds = pageOrder;
            matching = db.SenderVerdicts.AsNoTracking().Where(v => v.AccountId == accountId && pageIds.Contains(v.SenderId));
            skip = 0;
        }
        else if (skip > 0)
        {
            // A page further in: the view's index gives the scores at the page's positions (score order alone needs no
            // row of the table), and the page is then read from that band of scores only. Ordering by score and then
            // sender id made SQLite read every skipped row to sort the ties (page 20: 1,000 rows, most of the page's
            // SQL time); the rows above the band are counted from the index instead. Same rows, same order.
            (matching, skip) = await ScoreBandAsync(matching, skip, pageSize, ct);
        }

        // The page's user row and follow are read by key seeks per listed sender (scalar subqueries): as LEFT JOINs,
        // PostgreSQL at its default random_page_cost hashes all of the account's follows and users (about 10,000 each on
        // the world) for the page's 50 rows. No EXISTS: PostgreSQL may run that hashed too. Ordered again outside the
        // page's LIMIT, so the subqueries run for the page's rows only, not for the rows its OFFSET skips.
        var pageQuery = pageOrder is not null
            ? matching
            : InListOrder(InListOrder(matching).Skip(skip).Take(pageSize));
        var rows = await pageQuery
            .Select(v => new
            {
                v.SenderId,
                Username = db.KnownUsers.Where(u => u.AccountId == v.AccountId && u.UserId == v.SenderId).Select(u => u.Username).FirstOrDefault(),
                Name = db.KnownUsers.Where(u => u.AccountId == v.AccountId && u.UserId == v.SenderId).Select(u => u.Name).FirstOrDefault(),
                ProfileImageUrl = db.KnownUsers.Where(u => u.AccountId == v.AccountId && u.UserId == v.SenderId).Select(u => u.ProfileImageUrl).FirstOrDefault(),
                v.Score,
                v.Flagged,
                v.Status,
                v.Mark,
                v.TopReasonsJson,
                v.DmCount,
                v.LatestDmAt,
                v.LatestDmExcerpt,
                FollowSeenAt = db.Follows.Where(f => f.AccountId == v.AccountId && f.UserId == v.SenderId).Select(f => (DateTime?)f.FirstSeenAt).FirstOrDefault(),
                FollowedAt = db.Follows.Where(f => f.AccountId == v.AccountId && f.UserId == v.SenderId).Select(f => f.FollowedAt).FirstOrDefault(),
                UnfollowedAt = db.Follows.Where(f => f.AccountId == v.AccountId && f.UserId == v.SenderId).Select(f => f.UnfollowedAt).FirstOrDefault(),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        if (pageOrder is not null)
        {
            var position = pageOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            rows = [.. rows.OrderBy(r => position[r.SenderId])];
        }

        return new SenderListResult(
            [.. rows.Select(r => new SenderRow(
                r.SenderId,
                r.Username ?? r.SenderId,
                r.Name,
                r.ProfileImageUrl,
                r.Score,
                r.Flagged,
                r.Status,
                r.Mark,
                ReasonChip.Parse(r.TopReasonsJson, max: 3),
                r.DmCount,
                r.LatestDmAt,
                r.LatestDmExcerpt,
                new FollowState(r.FollowSeenAt is not null && r.UnfollowedAt is null, r.FollowedAt, r.UnfollowedAt)))],
            total,
            page,
            pageSize,
            lowerBound);
    }

    /// <summary>
    /// The rows at positions <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> - 1 of
    /// <paramref name="verdicts"/> in list order (score descending, then sender id), as the verdicts whose score lies
    /// between the first and the last of those positions' scores and the number of them to skip: the scores at those
    /// positions are the same whatever order ties take, and the rows scoring higher than the first all come before it.
    /// </summary>
    private static async Task<(IQueryable<SenderVerdict> Band, int Skip)> ScoreBandAsync(
        IQueryable<SenderVerdict> verdicts, int skip, int take, CancellationToken ct)
    {
        var scores = await verdicts.OrderByDescending(v => v.Score).Select(v => v.Score).Skip(skip).Take(take).ToListAsync(ct);
        if (scores.Count == 0)
        {
            return (verdicts, skip);
        }

        var (high, low) = (scores[0], scores[^1]);
        var above = await verdicts.CountAsync(v => v.Score > high, ct);
        return (verdicts.Where(v => v.Score <= high && v.Score >= low), skip - above);
    }

    /// <summary>The list's order: highest score first, ties by sender id (the in-memory set path orders the same way, ordinally).</summary>
    public static IOrderedQueryable<SenderVerdict> InListOrder(IQueryable<SenderVerdict> verdicts) =>
        verdicts.OrderByDescending(v => v.Score).ThenBy(v => v.SenderId);

    /// <summary>The senders a filter and search select, unordered; "Unfollow all shown" queues exactly these.</summary>
    public IQueryable<SenderVerdict> Matching(string accountId, SenderFilter filter, string? search)
    {
        var query = Filtered(accountId, filter);
        var term = NormalizeSearch(search);
        if (term is null)
        {
            return query;
        }

        if (SearchIndex.CanSeek(db, term))
        {
            var senderIds = SearchIndex.SenderIds(db, accountId, term);
            return query.Where(v => senderIds.Contains(v.SenderId));
        }

        return SearchIndex.WhereSenderContains(db, query, accountId, term);
    }

    private IQueryable<SenderVerdict> Filtered(string accountId, SenderFilter filter)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var query = db.SenderVerdicts.AsNoTracking().Where(v => v.AccountId == accountId);
        return FilterPredicate(filter) is { } predicate ? query.Where(predicate) : query;
    }

    /// <summary>The verdicts a filter keeps (null: all), for a query or, compiled, for verdicts already read.</summary>
    private static Expression<Func<SenderVerdict, bool>>? FilterPredicate(SenderFilter filter)
    {
        // Compared with a parameter, not written as a bare "Flagged" test: SQLite can then match the whole
        // (AccountId, Flagged, Status, Score) index prefix and read the flagged rows in score order.
        var flagged = true;
        return filter switch
        {
            SenderFilter.Flagged => v => v.Flagged == flagged && v.Status == SenderStatus.Active,
            SenderFilter.Kept => v => v.Status == SenderStatus.Kept,
            SenderFilter.Unfollowed => v => v.Status == SenderStatus.Unfollowed,
            SenderFilter.Muted => v => v.Status == SenderStatus.Muted,
            _ => null,
        };
    }

    /// <summary>Trims, drops a leading @ (people type handles that way) and caps the length; null when nothing is left.</summary>
    public static string? NormalizeSearch(string? search)
    {
        var term = search?.Trim();
        if (term is { Length: > 0 } && term[0] == '@')
        {
            term = term[1..].Trim();
        }

        if (string.IsNullOrEmpty(term))
        {
            return null;
        }

        return term.Length > MaxSearchLength ? term[..MaxSearchLength] : term;
    }
}
