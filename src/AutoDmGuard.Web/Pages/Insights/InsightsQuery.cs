using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Pages.Insights;

public sealed record WeekCount(DateTime WeekStart, int Count);

public sealed record TemplateUsage(string TemplateKey, string? SampleText, int Senders, int Dms);

/// <summary>
/// Auto-DMs per week and the most used templates, for one account, read from the aggregates the scorer keeps
/// (<see cref="WeeklyStat"/>, <see cref="TemplateStat"/>): a few key seeks, not a scan of the account's scores.
/// </summary>
public sealed class InsightsQuery(AppDbContext db)
{
    public async Task<IReadOnlyList<WeekCount>> AutoDmsPerWeekAsync(string accountId, DateTime now, int weeks, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var since = WeeklyStat.WeekOf(now).AddDays(-7 * (weeks - 1));
        var byWeek = await db.WeeklyStats.AsNoTracking()
            .Where(w => w.AccountId == accountId && w.WeekStart >= since)
            .ToDictionaryAsync(w => w.WeekStart, w => w.FlaggedDms, ct);
        return [.. Enumerable.Range(0, weeks)
            .Select(i => since.AddDays(7 * i))
            .Select(week => new WeekCount(week, byWeek.GetValueOrDefault(week)))];
    }

    public async Task<IReadOnlyList<TemplateUsage>> TopTemplatesAsync(string accountId, int take, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var top = await db.TemplateStats.AsNoTracking()
            .Where(t => t.AccountId == accountId && t.Senders > 1)
            .OrderByDescending(t => t.Senders)
            .ThenByDescending(t => t.Dms)
            .ThenBy(t => t.TemplateKey)
            .Take(take)
            .ToListAsync(ct);
        var usages = new List<TemplateUsage>(top.Count);
        foreach (var template in top)
        {
            // The template's newest DM by id: the last entry of its (AccountId, TemplateKey, EventId) index range.
            var sample = await (
                from s in db.DmScores
                where s.AccountId == accountId && s.TemplateKey == template.TemplateKey
                orderby s.EventId descending
                join e in db.DmEvents on new { s.AccountId, s.EventId } equals new { e.AccountId, e.EventId }
                select e.Text)
                .FirstOrDefaultAsync(ct);
            usages.Add(new TemplateUsage(template.TemplateKey, sample, template.Senders, template.Dms));
        }

        return usages;
    }
}
