using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using DataSenderVerdict = AutoDmGuard.Web.Data.SenderVerdict;

namespace AutoDmGuard.Web.Scoring;

/// <summary>Stages the sender verdicts of a scored batch (the caller saves them with the scores).</summary>
public sealed class SenderVerdictWriter(AppDbContext db, ClassifierState classifier, InboxContextLoader contexts)
{
    private const int ExcerptLength = 140;
    private const int TopReasons = 5;

    /// <summary>
    /// A sender's verdict summarizes all of their scored DMs (the stored ones plus this batch) with the classifier's
    /// own rule; the user's decisions (Status, a Not-automated mark) always win over the score.
    /// </summary>
    public async Task<int> UpdateAsync(
        string accountId,
        IReadOnlyList<DmVerdict> fresh,
        HashSet<string> senderIds,
        List<DmEvent> batch,
        double threshold,
        DateTime now,
        CancellationToken cancellationToken)
    {
        if (senderIds.Count == 0)
        {
            return 0;
        }

        var ids = senderIds.ToList();
        var stored = await db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == accountId)
            .Join(
                db.DmEvents.Where(e => e.AccountId == accountId && ids.Contains(e.SenderId!)),
                s => s.EventId,
                e => e.EventId,
                (s, e) => new { e.SenderId, s.EventId, s.Score, s.Flagged, s.ReasonsJson, s.TemplateKey, s.TemplateSenderCount })
            .ToListAsync(cancellationToken);
        // The batch's own stored rows (a re-score) are replaced by their fresh verdicts.
        var freshIds = fresh.Select(v => v.EventId).ToHashSet(StringComparer.Ordinal);
        var all = stored
            .Where(s => !freshIds.Contains(s.EventId))
            .Select(s => new DmVerdict(s.EventId, s.SenderId!, s.Score, s.Flagged, StoredReasons.Read(s.ReasonsJson), s.TemplateKey, s.TemplateSenderCount))
            .Concat(fresh.Where(v => senderIds.Contains(v.SenderId)));
        var summaries = classifier.Classifier.SummarizeSenders(all).ToDictionary(v => v.SenderId, StringComparer.Ordinal);

        var latest = batch
            .GroupBy(e => e.SenderId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.Sequence)!, StringComparer.Ordinal);
        var rows = await db.SenderVerdicts
            .Where(v => v.AccountId == accountId && ids.Contains(v.SenderId))
            .ToDictionaryAsync(v => v.SenderId, StringComparer.Ordinal, cancellationToken);
        foreach (var senderId in ids)
        {
            if (!summaries.TryGetValue(senderId, out var summary))
            {
                continue;
            }

            if (!rows.TryGetValue(senderId, out var row))
            {
                row = new DataSenderVerdict { AccountId = accountId, SenderId = senderId, Status = SenderStatus.Active };
                db.SenderVerdicts.Add(row);
            }

            Apply(row, summary, latest.GetValueOrDefault(senderId), threshold, now);
        }

        return summaries.Count;
    }

    private static void Apply(DataSenderVerdict row, SenderAssessment summary, DmEvent? latest, double threshold, DateTime now)
    {
        row.Score = summary.Score;
        // Status (Kept / Unfollowed / Muted) is the user's and is never touched here. The row's mark counts as a veto
        // too: the user may have marked the sender after this batch's context was read.
        row.Flagged = FlagRule.IsFlagged(summary.Score, threshold, summary.Vetoed || IsMarkedNotAutomated(row.Mark));
        row.TopReasonsJson = StoredReasons.Write(summary.TopReasons.Take(TopReasons));
        row.DmCount = summary.DmCount;
        if (latest is not null && latest.CreatedAt >= row.LatestDmAt)
        {
            row.LatestDmAt = latest.CreatedAt;
            row.LatestDmExcerpt = Excerpt(latest.Text);
        }

        row.UpdatedAt = now;
    }

    /// <summary>
    /// Flags every sender of the account again at <paramref name="threshold"/> from their stored scores (a changed
    /// threshold in Settings), with the same rule and vetoes as scoring, so the list matches without waiting for the worker.
    /// </summary>
    public async Task ReflagAsync(Account account, double threshold, DateTime now, CancellationToken cancellationToken)
    {
        var accountId = account.Id;
        var context = await contexts.LoadContextAsync(account, cancellationToken);
        var rows = await db.SenderVerdicts.AsNoTracking()
            .Where(v => v.AccountId == accountId)
            .Select(v => new { v.SenderId, v.Score, v.Mark })
            .ToListAsync(cancellationToken);
        var flagged = rows
            .Where(r => FlagRule.IsFlagged(r.Score, threshold, context.AllowlistedUserIds.Contains(r.SenderId) || IsMarkedNotAutomated(r.Mark)))
            .Select(r => r.SenderId)
            .ToList();
        await db.SenderVerdicts.Where(v => v.AccountId == accountId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Flagged, v => flagged.Contains(v.SenderId))
                .SetProperty(v => v.UpdatedAt, now), cancellationToken);
    }

    private static bool IsMarkedNotAutomated(SenderMark? mark) => mark == SenderMark.NotAutomated;

    private static string? Excerpt(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var oneLine = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= ExcerptLength ? oneLine : string.Concat(oneLine.AsSpan(0, ExcerptLength - 1), "…");
    }
}
