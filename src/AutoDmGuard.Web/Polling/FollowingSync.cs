using AutoDmGuard.Web.Data;
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

        var now = clock.GetUtcNow().UtcDateTime;
        var state = pass.State;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ApplyAsync(accountId, users, state.LastFollowingSyncAt, now, cancellationToken);
        state.LastFollowingSyncAt = now;
        state.NextFollowingSyncAt = PollSchedule.NextAfterSuccess(
            now, options.Value.FollowingInterval, rateLimit?.Remaining, PollSchedule.ResetOf(rateLimit));
        await pass.SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <param name="previousSyncAt">When the list was last applied (null: never, so every follow predates the app).</param>
    public async Task<FollowingSyncOutcome> ApplyAsync(
        string accountId, IReadOnlyList<XUser> following, DateTime? previousSyncAt, DateTime now, CancellationToken cancellationToken)
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

        foreach (var row in rows.Values.Where(r => r.UnfollowedAt is null && !current.Contains(r.UserId)))
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
