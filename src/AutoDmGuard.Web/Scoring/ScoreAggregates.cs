using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Scoring;

/// <summary>What a stored score says about its DM, as far as the aggregates care.</summary>
internal readonly record struct ScoredFacts(string? TemplateKey, bool Flagged);

/// <summary>
/// One DM's score written, rewritten or removed: <see cref="Before"/> is the stored score (null when there was none),
/// <see cref="After"/> the new one (null when it is removed).
/// </summary>
internal sealed record ScoreChange(string SenderId, DateTime CreatedAt, ScoredFacts? Before, ScoredFacts? After);

/// <summary>
/// The one write path of the per-template and per-week aggregates (<see cref="TemplateMember"/>, <see cref="TemplateStat"/>,
/// <see cref="WeeklyStat"/>). Whoever writes or rewrites DmScore rows adds or edits them in the context, then calls
/// <see cref="SaveWithScoresAsync"/> with the old and new facts of each DM: the aggregates apply the deltas old → new
/// and are saved with the scores in one transaction, so a score rewritten by a re-score moves its DM between templates
/// and weeks exactly once.
/// </summary>
internal sealed class ScoreAggregates(AppDbContext db)
{
    /// <summary>
    /// Applies <paramref name="changes"/> and saves everything the context tracks (the caller's score rows with the
    /// aggregate rows) in one transaction: the caller's, when one is open, or its own.
    /// </summary>
    public async Task SaveWithScoresAsync(string accountId, IReadOnlyCollection<ScoreChange> changes, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            // Read inside the transaction (SQLite's BEGIN IMMEDIATE takes the write lock), so no other writer moves the counts in between.
            await ApplyAsync(accountId, changes, ct);
            await db.SaveChangesAsync(ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
    }

    /// <summary>Loads the touched aggregate rows (tracked) and applies the changes; the caller saves, in the transaction it read them in.</summary>
    public async Task ApplyAsync(string accountId, IReadOnlyCollection<ScoreChange> changes, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentNullException.ThrowIfNull(changes);
        var members = new Dictionary<(string Template, string Sender), int>();
        var weeks = new Dictionary<DateTime, (int Dms, int Flagged)>();
        foreach (var change in changes)
        {
            Add(change.Before, -1);
            Add(change.After, +1);

            void Add(ScoredFacts? facts, int sign)
            {
                if (facts is not { } f)
                {
                    return;
                }

                var week = WeeklyStat.WeekOf(change.CreatedAt);
                var (dms, flagged) = weeks.GetValueOrDefault(week);
                weeks[week] = (dms + sign, flagged + (f.Flagged ? sign : 0));
                if (f.TemplateKey is { } key)
                {
                    members[(key, change.SenderId)] = members.GetValueOrDefault((key, change.SenderId)) + sign;
                }
            }
        }

        await ApplyTemplatesAsync(accountId, members.Where(m => m.Value != 0).ToList(), ct);
        await ApplyWeeksAsync(accountId, weeks.Where(w => w.Value != (0, 0)).ToList(), ct);
    }

    /// <summary>
    /// Recounts the account's aggregates from its stored scores (for data written outside the scorer, such as seeded
    /// test and benchmark inboxes); saves at once.
    /// </summary>
    public async Task RebuildAsync(string accountId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        await db.TemplateMembers.Where(m => m.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.TemplateStats.Where(t => t.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.WeeklyStats.Where(w => w.AccountId == accountId).ExecuteDeleteAsync(ct);

        var scored =
            from s in db.DmScores
            where s.AccountId == accountId
            join e in db.DmEvents on new { s.AccountId, s.EventId } equals new { e.AccountId, e.EventId }
            where e.SenderId != null
            select new { s.TemplateKey, s.Flagged, e.SenderId, e.CreatedAt };
        var members = await scored
            .Where(s => s.TemplateKey != null)
            .GroupBy(s => new { s.TemplateKey, s.SenderId })
            .Select(g => new TemplateMember { AccountId = accountId, TemplateKey = g.Key.TemplateKey!, SenderId = g.Key.SenderId!, Dms = g.Count() })
            .ToListAsync(ct);
        db.TemplateMembers.AddRange(members);
        db.TemplateStats.AddRange(members
            .GroupBy(m => m.TemplateKey, StringComparer.Ordinal)
            .Select(g => new TemplateStat { AccountId = accountId, TemplateKey = g.Key, Senders = g.Count(), Dms = g.Sum(m => m.Dms) }));

        // Grouped by day in the database, folded into weeks here: no per-DM rows travel to the app.
        var days = await scored
            .GroupBy(s => s.CreatedAt.Date)
            .Select(g => new { Day = g.Key, Dms = g.Count(), Flagged = g.Count(s => s.Flagged) })
            .ToListAsync(ct);
        db.WeeklyStats.AddRange(days
            .GroupBy(d => WeeklyStat.WeekOf(d.Day))
            .Select(g => new WeeklyStat { AccountId = accountId, WeekStart = g.Key, Dms = g.Sum(d => d.Dms), FlaggedDms = g.Sum(d => d.Flagged) }));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task ApplyTemplatesAsync(string accountId, List<KeyValuePair<(string Template, string Sender), int>> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0)
        {
            return;
        }

        var keys = deltas.Select(d => d.Key.Template).Distinct(StringComparer.Ordinal).ToList();
        var senders = deltas.Select(d => d.Key.Sender).Distinct(StringComparer.Ordinal).ToList();
        // A superset of the touched (template, sender) pairs, found by the key's prefix.
        var members = (await db.TemplateMembers
                .Where(m => m.AccountId == accountId && keys.Contains(m.TemplateKey) && senders.Contains(m.SenderId))
                .ToListAsync(ct))
            .ToDictionary(m => (m.TemplateKey, m.SenderId));
        var stats = await db.TemplateStats
            .Where(t => t.AccountId == accountId && keys.Contains(t.TemplateKey))
            .ToDictionaryAsync(t => t.TemplateKey, StringComparer.Ordinal, ct);

        foreach (var ((template, sender), delta) in deltas)
        {
            if (!stats.TryGetValue(template, out var stat))
            {
                stat = new TemplateStat { AccountId = accountId, TemplateKey = template };
                db.TemplateStats.Add(stat);
                stats[template] = stat;
            }

            if (!members.TryGetValue((template, sender), out var member))
            {
                member = new TemplateMember { AccountId = accountId, TemplateKey = template, SenderId = sender };
                db.TemplateMembers.Add(member);
                members[(template, sender)] = member;
                stat.Senders++;
            }

            // Never below zero: a removal the aggregates never saw added is not counted twice.
            var applied = Math.Max(delta, -member.Dms);
            member.Dms += applied;
            stat.Dms += applied;
            if (member.Dms == 0)
            {
                db.TemplateMembers.Remove(member);
                members.Remove((template, sender));
                stat.Senders--;
            }

            if (stat.Senders == 0)
            {
                db.TemplateStats.Remove(stat);
                stats.Remove(template);
            }
        }
    }

    private async Task ApplyWeeksAsync(string accountId, List<KeyValuePair<DateTime, (int Dms, int Flagged)>> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0)
        {
            return;
        }

        var (first, last) = (deltas.Min(d => d.Key), deltas.Max(d => d.Key));
        var rows = await db.WeeklyStats
            .Where(w => w.AccountId == accountId && w.WeekStart >= first && w.WeekStart <= last)
            .ToDictionaryAsync(w => w.WeekStart, ct);
        foreach (var (week, (dms, flagged)) in deltas)
        {
            if (!rows.TryGetValue(week, out var row))
            {
                row = new WeeklyStat { AccountId = accountId, WeekStart = week };
                db.WeeklyStats.Add(row);
            }

            row.Dms = Math.Max(0, row.Dms + dms);
            row.FlaggedDms = Math.Max(0, row.FlaggedDms + flagged);
            if (row.Dms == 0)
            {
                db.WeeklyStats.Remove(row);
            }
        }
    }
}
