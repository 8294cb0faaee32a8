using System.Globalization;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Pages.Insights;

public sealed record WeekCount(DateTime WeekStart, int Count);

public sealed record TemplateUsage(string TemplateKey, string? SampleText, int Senders, int Dms);

/// <summary>Auto-DMs per week and the most used templates, for one account.</summary>
public sealed class InsightsQuery(AppDbContext db)
{
    public async Task<IReadOnlyList<WeekCount>> AutoDmsPerWeekAsync(string accountId, DateTime now, int weeks, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var thisMonday = now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7));
        var since = thisMonday.AddDays(-7 * (weeks - 1));

        // SQLite does the week bucketing ('-6 days', 'weekday 1' = the Monday on or before): no rows travel to the app.
        var rows = await db.Database.SqlQuery<WeekRow>($"""
            SELECT date(e.CreatedAt, '-6 days', 'weekday 1') AS Week, COUNT(*) AS Count
            FROM DmScores AS s
            JOIN DmEvents AS e ON e.AccountId = s.AccountId AND e.EventId = s.EventId
            WHERE s.AccountId = {accountId} AND s.Flagged = 1 AND e.CreatedAt >= {since}
            GROUP BY Week
            """).ToListAsync(ct);
        var byWeek = rows.ToDictionary(r => r.Week, r => r.Count, StringComparer.Ordinal);
        return [.. Enumerable.Range(0, weeks)
            .Select(i => since.AddDays(7 * i))
            .Select(week => new WeekCount(week, byWeek.GetValueOrDefault(week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))))];
    }

    public async Task<IReadOnlyList<TemplateUsage>> TopTemplatesAsync(string accountId, int take, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var top = await (
            from s in db.DmScores
            where s.AccountId == accountId && s.TemplateKey != null
            join e in db.DmEvents on new { s.AccountId, s.EventId } equals new { e.AccountId, e.EventId }
            group e by s.TemplateKey into g
            select new { TemplateKey = g.Key!, Senders = g.Select(e => e.SenderId).Distinct().Count(), Dms = g.Count(), Sample = g.Max(e => e.EventId) })
            .Where(t => t.Senders > 1)
            .OrderByDescending(t => t.Senders)
            .ThenByDescending(t => t.Dms)
            .Take(take)
            .ToListAsync(ct);
        var sampleIds = top.Select(t => t.Sample).ToList();
        var samples = await db.DmEvents.AsNoTracking()
            .Where(e => e.AccountId == accountId && sampleIds.Contains(e.EventId))
            .ToDictionaryAsync(e => e.EventId, e => e.Text, StringComparer.Ordinal, ct);
        return [.. top.Select(t => new TemplateUsage(t.TemplateKey, samples.GetValueOrDefault(t.Sample), t.Senders, t.Dms))];
    }

    private sealed record WeekRow(string Week, int Count);
}
