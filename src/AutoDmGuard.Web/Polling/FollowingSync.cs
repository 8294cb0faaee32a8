using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Reads the account's whole following list from X and applies it: follows seen for the first time get FollowedAt = now
/// (null on the very first sync, when they predate the app), vanished ones get UnfollowedAt, returning ones lose it.
/// Only a complete list is applied, so a read that fails half-way never marks anyone as unfollowed.
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
        var firstSync = state.LastFollowingSyncAt is null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ApplyAsync(accountId, users, firstSync, now, cancellationToken);
        state.LastFollowingSyncAt = now;
        state.NextFollowingSyncAt = PollSchedule.NextAfterSuccess(
            now, options.Value.FollowingInterval, rateLimit?.Remaining, PollSchedule.ResetOf(rateLimit));
        await pass.SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<FollowingSyncOutcome> ApplyAsync(
        string accountId, IReadOnlyList<XUser> following, bool firstSync, DateTime now, CancellationToken cancellationToken)
    {
        var current = following
            .Where(u => !string.IsNullOrEmpty(u.Id))
            .Select(u => u.Id)
            .ToHashSet(StringComparer.Ordinal);
        var rows = await db.Follows
            .Where(f => f.AccountId == accountId)
            .ToDictionaryAsync(f => f.UserId, StringComparer.Ordinal, cancellationToken);

        int added = 0, gone = 0, back = 0;
        foreach (var userId in current)
        {
            if (rows.TryGetValue(userId, out var row))
            {
                row.LastSeenAt = now;
                if (row.UnfollowedAt is not null)
                {
                    row.UnfollowedAt = null;
                    back++;
                }

                continue;
            }

            db.Follows.Add(new Follow
            {
                AccountId = accountId,
                UserId = userId,
                FollowedAt = firstSync ? null : now,
                FirstSeenAt = now,
                LastSeenAt = now,
            });
            added++;
        }

        foreach (var row in rows.Values.Where(r => r.UnfollowedAt is null && !current.Contains(r.UserId)))
        {
            row.UnfollowedAt = now;
            gone++;
        }

        await KnownUserStore.UpsertAsync(db, accountId, following, now, cancellationToken);
        PollingLog.FollowingSynced(logger, accountId, current.Count, added, gone, back, firstSync);
        return new FollowingSyncOutcome(current.Count, added, gone, back);
    }
}

/// <summary>What one following sync changed.</summary>
internal sealed record FollowingSyncOutcome(int Following, int NewFollows, int Unfollowed, int Returned);
