using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// The sender page's reads, all limited to one account: the sender's DMs (newest first, capped), their scores, the
/// template clusters they belong to and the follow/action timeline.
/// </summary>
public sealed class SenderDetailsQuery(AppDbContext db)
{
    public const int MaxDms = 200;
    public const int MaxTemplates = 5;
    public const int MaxClusterLinks = 20;

    /// <summary>Null when the account has no such sender (another account's sender id included).</summary>
    public async Task<SenderDetails?> RunAsync(string accountId, string senderId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var verdict = await db.SenderVerdicts.AsNoTracking()
            .SingleOrDefaultAsync(v => v.AccountId == accountId && v.SenderId == senderId, ct);
        if (verdict is null)
        {
            return null;
        }

        var user = await db.KnownUsers.AsNoTracking().SingleOrDefaultAsync(u => u.AccountId == accountId && u.UserId == senderId, ct);
        var follow = await db.Follows.AsNoTracking().SingleOrDefaultAsync(f => f.AccountId == accountId && f.UserId == senderId, ct);

        var dmRows = await db.DmEvents.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.SenderId == senderId && !e.FromMe && e.EventType == "MessageCreate")
            .OrderByDescending(e => e.Sequence)
            .Take(MaxDms)
            .Select(e => new
            {
                e.EventId,
                e.Text,
                e.CreatedAt,
                Score = e.Score == null ? (double?)null : e.Score.Score,
                Flagged = e.Score != null && e.Score.Flagged,
                ReasonsJson = e.Score == null ? null : e.Score.ReasonsJson,
                TemplateKey = e.Score == null ? null : e.Score.TemplateKey,
            })
            .ToListAsync(ct);
        var dmTotal = dmRows.Count < MaxDms
            ? dmRows.Count
            : await db.DmEvents.CountAsync(e => e.AccountId == accountId && e.SenderId == senderId && !e.FromMe && e.EventType == "MessageCreate", ct);

        var dms = dmRows
            .Select(d => new SenderDm(d.EventId, d.Text, d.CreatedAt, d.Score, d.Flagged, ReasonChip.Parse(d.ReasonsJson), d.TemplateKey))
            .ToList();

        var templates = new List<TemplateCluster>();
        foreach (var key in dms.Where(d => d.TemplateKey is not null).Select(d => d.TemplateKey!).Distinct(StringComparer.Ordinal).Take(MaxTemplates))
        {
            templates.Add(await ClusterAsync(accountId, senderId, key, ct));
        }

        var sender = new SenderRow(
            senderId,
            user?.Username ?? senderId,
            user?.Name,
            user?.ProfileImageUrl,
            verdict.Score,
            verdict.Flagged,
            verdict.Status,
            verdict.Mark,
            ReasonChip.Parse(verdict.TopReasonsJson),
            verdict.DmCount,
            verdict.LatestDmAt,
            verdict.LatestDmExcerpt,
            follow is null ? FollowState.None : new FollowState(follow.UnfollowedAt is null, follow.FollowedAt, follow.UnfollowedAt));

        return new SenderDetails(sender, user?.Description, dms, dmTotal, templates, await TimelineAsync(accountId, senderId, follow, dms, ct));
    }

    /// <summary>
    /// Read from the scorer's per-template aggregates: the template's sender count and its first senders by id are key
    /// seeks, however many DMs the template has.
    /// </summary>
    private async Task<TemplateCluster> ClusterAsync(string accountId, string senderId, string templateKey, CancellationToken ct)
    {
        var senders = await db.TemplateStats.AsNoTracking()
            .Where(t => t.AccountId == accountId && t.TemplateKey == templateKey)
            .Select(t => t.Senders)
            .FirstOrDefaultAsync(ct);
        var isMember = await db.TemplateMembers.AnyAsync(m => m.AccountId == accountId && m.TemplateKey == templateKey && m.SenderId == senderId, ct);
        var links = await (
            from id in db.TemplateMembers
                .Where(m => m.AccountId == accountId && m.TemplateKey == templateKey && m.SenderId != senderId)
                .OrderBy(m => m.SenderId)
                .Select(m => m.SenderId)
                .Take(MaxClusterLinks)
            join u in db.KnownUsers.Where(u => u.AccountId == accountId) on id equals u.UserId into users
            from u in users.DefaultIfEmpty()
            orderby id
            select new TemplateSender(id, u == null ? id : u.Username))
            .AsNoTracking()
            .ToListAsync(ct);
        return new TemplateCluster(templateKey, senders - (isMember ? 1 : 0), links);
    }

    private async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string accountId, string senderId, Follow? follow, List<SenderDm> dms, CancellationToken ct)
    {
        var entries = new List<TimelineEntry>();
        if (follow is not null)
        {
            entries.Add(follow.FollowedAt is { } followedAt
                ? new TimelineEntry(followedAt, "You followed them")
                : new TimelineEntry(follow.FirstSeenAt, "Already followed when AutoDmGuard first looked"));
            if (follow.UnfollowedAt is { } unfollowedAt)
            {
                entries.Add(new TimelineEntry(unfollowedAt, "No longer in your following list"));
            }
        }

        if (dms.Count > 0)
        {
            entries.Add(new TimelineEntry(dms[^1].CreatedAt, dms.Count == 1 ? "Their DM" : "Their first DM shown here"));
        }

        var actions = await db.SenderActions.AsNoTracking()
            .Where(a => a.AccountId == accountId && a.TargetUserId == senderId)
            .OrderByDescending(a => a.CreatedAt)
            .Take(50)
            .ToListAsync(ct);
        entries.AddRange(actions.Select(a => new TimelineEntry(a.CompletedAt ?? a.CreatedAt, Describe(a))));
        return [.. entries.OrderBy(e => e.At)];
    }

    private static string Describe(SenderAction action)
    {
        var what = action.Kind switch
        {
            SenderActionKind.Unfollow => "Unfollow",
            SenderActionKind.Refollow => "Undo unfollow (follow again)",
            SenderActionKind.Mute => "Mute",
            SenderActionKind.Unmute => "Unmute",
            SenderActionKind.MarkAutomated => "Marked automated",
            SenderActionKind.MarkNotAutomated => "Marked not automated",
            _ => action.Kind.ToString(),
        };
        var how = action.BulkJobId is null ? "" : " (bulk)";
        return action.Status switch
        {
            ActionStatus.Done => what + how,
            ActionStatus.Pending => what + how + ": queued",
            ActionStatus.InFlight => what + how + ": in progress",
            ActionStatus.Cancelled => what + how + ": cancelled",
            _ => what + how + ": failed" + (action.Error is null ? "" : " (" + action.Error + ")"),
        };
    }
}
