using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Reads the account's whole following list from X and applies it. X gives no follow times, so a follow seen for the
/// first time is only known to lie between the previous sync and this one: it gets FollowedAt = the previous sync (the
/// earliest it can have happened) and FirstSeenAt = now (the latest); on the very first sync both bounds are open and
/// FollowedAt stays null (the follow predates the app). Vanished follows get UnfollowedAt; returning ones lose it and
/// get the new window. Scored DMs from a sender whose follow just appeared are queued for a re-score, so the timing
/// evidence reaches DMs scored before the follow was seen. Only a complete list is applied, so a read that fails
/// half-way never marks anyone as unfollowed.
/// </summary>
internal sealed class FollowingSync(
    AppDbContext db, IXApiClient api, IOptions<PollingOptions> options, TimeProvider clock, ILogger<FollowingSync> logger)
{
    /// <summary>
    /// Before scoring: when DMs arrived (after the last sync) from senders the account is not known to follow, and the
    /// last sync is at least <see cref="PollingOptions.FollowingCatchUpMinGap"/> old, reads the newest page of the
    /// following list (X lists newest follows first) so a follow made since the last sync is seen before its DM is scored,
    /// with a window as short as the DM polls'. The page ends at a follow already known, so it holds every follow added
    /// since; only when it does not (more new follows than the page holds) is the whole list read.
    /// </summary>
    /// <returns>True when the following list was read.</returns>
    public async Task<bool> CatchUpBeforeScoringAsync(AccountPass pass, CancellationToken cancellationToken)
    {
        var accountId = pass.AccountId;
        var state = pass.State;
        var now = clock.GetUtcNow().UtcDateTime;
        // Only after this poll stored DMs; not before the first full sync, not more often than the gap, and not while the
        // account backs off from a failure.
        if (pass.Outcome.NewEvents == 0 || state.LastFollowingSyncAt is not { } last || now - last < options.Value.FollowingCatchUpMinGap
            || state.ConsecutiveFailures > 0)
        {
            return false;
        }

        var unknownSender = await db.DmEvents.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.CreatedAt > last)
            .Where(ScoreQueue.Unscored)
            .AnyAsync(e => !db.Follows.Any(f => f.AccountId == accountId && f.UserId == e.SenderId && f.UnfollowedAt == null), cancellationToken);
        if (!unknownSender)
        {
            return false;
        }

        var size = options.Value.FollowingCatchUpPageSize;
        var page = await pass.X.CallAsync((access, ct) => api.GetFollowingPageAsync(access, accountId, null, size, ct), cancellationToken);
        if (page.Meta.NextToken is null)
        {
            // The page is the whole list: apply it as a full sync.
            await CommitAsync(pass, page.Data, page.RateLimit, full: true, cancellationToken);
            return true;
        }

        var followed = await db.Follows.AsNoTracking()
            .Where(f => f.AccountId == accountId && f.UnfollowedAt == null)
            .Select(f => f.UserId)
            .ToHashSetAsync(StringComparer.Ordinal, cancellationToken);
        var fresh = page.Data.TakeWhile(u => !followed.Contains(u.Id)).ToList();
        if (fresh.Count == page.Data.Count)
        {
            await SyncAsync(pass, cancellationToken);
            return true;
        }

        await CommitAsync(pass, fresh, page.RateLimit, full: false, cancellationToken);
        return true;
    }

    public async Task SyncAsync(AccountPass pass, CancellationToken cancellationToken)
    {
        var accountId = pass.AccountId;
        var pageSize = options.Value.FollowingPageSize;
        var users = new List<XUser>();
        string? paginationToken = null;
        XRateLimit? rateLimit = null;
        do
        {
            var token = paginationToken;
            var page = await pass.X.CallAsync((access, ct) => api.GetFollowingPageAsync(access, accountId, token, pageSize, ct), cancellationToken);
            users.AddRange(page.Data);
            rateLimit = page.RateLimit;
            paginationToken = page.Meta.NextToken;
        }
        while (paginationToken is not null);

        await CommitAsync(pass, users, rateLimit, full: true, cancellationToken);
    }

    /// <summary>
    /// Applies a read in one transaction with the PollState. A full list also marks vanished follows and schedules the
    /// next full sync; a partial one (the newest follows down to a known one) only adds. Either way every follow made
    /// before now is known afterwards, so LastFollowingSyncAt (the next new follow's earliest time) moves to now.
    /// </summary>
    private async Task CommitAsync(AccountPass pass, IReadOnlyList<XUser> users, XRateLimit? rateLimit, bool full, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var state = pass.State;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ApplyAsync(pass.AccountId, users, state.LastFollowingSyncAt, now, full, cancellationToken);
        state.LastFollowingSyncAt = now;
        if (full)
        {
            state.NextFollowingSyncAt = PollSchedule.NextAfterSuccess(
                now, options.Value.FollowingInterval, rateLimit?.Remaining, PollSchedule.ResetOf(rateLimit));
        }

        await pass.SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <param name="previousSyncAt">When the list was last applied (null: never, so every follow predates the app).</param>
    /// <param name="complete">The whole list (follows missing from it are gone), or only its newest part.</param>
    public async Task<FollowingSyncOutcome> ApplyAsync(
        string accountId, IReadOnlyList<XUser> following, DateTime? previousSyncAt, DateTime now, bool complete, CancellationToken cancellationToken)
    {
        var firstSync = previousSyncAt is null;
        var current = following
            .Where(u => !string.IsNullOrEmpty(u.Id))
            .Select(u => u.Id)
            .ToHashSet(StringComparer.Ordinal);
        var rows = await db.Follows
            .Where(f => f.AccountId == accountId)
            .ToDictionaryAsync(f => f.UserId, StringComparer.Ordinal, cancellationToken);

        int added = 0, gone = 0, back = 0;
        var newlyFollowed = new List<string>();
        foreach (var userId in current)
        {
            if (rows.TryGetValue(userId, out var row))
            {
                row.LastSeenAt = now;
                if (row.UnfollowedAt is not null)
                {
                    row.UnfollowedAt = null;
                    row.FollowedAt = previousSyncAt;
                    newlyFollowed.Add(userId);
                    back++;
                }

                continue;
            }

            db.Follows.Add(new Follow
            {
                AccountId = accountId,
                UserId = userId,
                FollowedAt = previousSyncAt,
                FirstSeenAt = now,
                LastSeenAt = now,
            });
            newlyFollowed.Add(userId);
            added++;
        }

        foreach (var row in rows.Values.Where(r => complete && r.UnfollowedAt is null && !current.Contains(r.UserId)))
        {
            row.UnfollowedAt = now;
            gone++;
        }

        await KnownUserStore.UpsertAsync(db, accountId, following, now, cancellationToken);
        if (!firstSync && newlyFollowed.Count > 0)
        {
            await QueueRescoreAsync(accountId, newlyFollowed, now, cancellationToken);
        }

        PollingLog.FollowingSynced(logger, accountId, current.Count, added, gone, back, firstSync);
        return new FollowingSyncOutcome(current.Count, added, gone, back);
    }

    /// <summary>
    /// Queues the scored DMs of newly followed senders (<see cref="DmScore.RescoreQueuedAt"/>, the scorer's durable
    /// re-score queue): they were scored without this follow, so without its timing evidence.
    /// </summary>
    private async Task QueueRescoreAsync(string accountId, List<string> senderIds, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var chunk in senderIds.Chunk(500))
        {
            var senders = chunk.ToList();
            // Through the (AccountId, SenderId) index: the senders' DMs are few, the account's scores may be many.
            var eventIds = await db.DmEvents.AsNoTracking()
                .Where(e => e.AccountId == accountId && e.SenderId != null && senders.Contains(e.SenderId) && !e.FromMe)
                .Select(e => e.EventId)
                .ToListAsync(cancellationToken);
            foreach (var events in eventIds.Chunk(500))
            {
                var ids = events.ToList();
                await db.DmScores
                    .Where(s => s.AccountId == accountId && s.RescoreQueuedAt == null && ids.Contains(s.EventId))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.RescoreQueuedAt, now), cancellationToken);
            }
        }
    }
}

/// <summary>What one following sync changed.</summary>
internal sealed record FollowingSyncOutcome(int Following, int NewFollows, int Unfollowed, int Returned);
