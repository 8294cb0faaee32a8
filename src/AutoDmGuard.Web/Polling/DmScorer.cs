using System.Text.Json;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using CoreFeedbackMark = AutoDmGuard.Core.FeedbackMark;
using CoreSenderVerdict = AutoDmGuard.Core.SenderVerdict;
using DataFeedbackMark = AutoDmGuard.Web.Data.FeedbackMark;
using DataSenderVerdict = AutoDmGuard.Web.Data.SenderVerdict;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Works off the recovery queue: received MessageCreate events without a DmScore row. Each batch is scored by the
/// classifier with the account's context and written (scores + sender verdicts) in one transaction, after and apart
/// from the events, so a crash between the two writes leaves the events queued here.
/// </summary>
internal sealed class DmScorer(
    AppDbContext db,
    ClassifierState classifier,
    ScoreAggregates aggregates,
    TimeProvider clock,
    ILogger<DmScorer> logger)
{
    /// <summary>Bumped when the meaning of stored scores changes, so a re-score can find old ones.</summary>
    public const int ClassifierVersion = 1;

    private const int ExcerptLength = 140;
    private const int TopReasons = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ScoreOutcome> ScoreQueueAsync(Account account, double threshold, int batchSize, CancellationToken cancellationToken)
    {
        // Batches are whole conversations (oldest first): a message's conversation is then mostly in its own batch, so
        // each message is analysed about once and a batch's memory stays bounded, however large the backlog.
        var conversations = await Unscored(account.Id)
            .GroupBy(e => e.ConversationId)
            .Select(g => new { ConversationId = g.Key, Count = g.Count(), First = g.Min(e => e.Sequence) })
            .ToListAsync(cancellationToken);
        if (conversations.Count == 0)
        {
            return new ScoreOutcome(0, 0, 0);
        }

        var context = await LoadContextAsync(account, cancellationToken);
        await WarmAsync(account, context, cancellationToken);
        var total = new ScoreOutcome(0, 0, 0);
        var chunk = new List<string>();
        var chunkCount = 0;
        foreach (var conversation in conversations.OrderBy(c => c.First))
        {
            chunk.Add(conversation.ConversationId);
            chunkCount += conversation.Count;
            if (chunkCount >= batchSize)
            {
                total = total.Add(await ScoreConversationsAsync(account, context, chunk, threshold, cancellationToken));
                (chunk, chunkCount) = ([], 0);
            }
        }

        if (chunk.Count > 0)
        {
            total = total.Add(await ScoreConversationsAsync(account, context, chunk, threshold, cancellationToken));
        }

        return total;
    }

    private IQueryable<DmEvent> Unscored(string accountId) =>
        db.DmEvents.AsNoTracking().Where(e => e.AccountId == accountId && e.EventType == DmEventTypes.MessageCreate && !e.FromMe
            && e.SenderId != null && e.Score == null);

    private async Task<ScoreOutcome> ScoreConversationsAsync(
        Account account, InboxContext context, List<string> conversations, double threshold, CancellationToken cancellationToken)
    {
        var batch = await Unscored(account.Id)
            .Where(e => conversations.Contains(e.ConversationId))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return batch.Count == 0 ? new ScoreOutcome(0, 0, 0) : await ScoreBatchAsync(account, context, batch, threshold, cancellationToken);
    }

    private async Task<ScoreOutcome> ScoreBatchAsync(
        Account account, InboxContext context, List<DmEvent> batch, double threshold, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var batchIds = batch.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        var conversations = batch.Select(e => e.ConversationId).Distinct(StringComparer.Ordinal).ToList();
        // Earlier (scored, or the user's own) messages of the same conversations: context, not re-scored.
        var history = (await db.DmEvents.AsNoTracking()
                .Where(e => e.AccountId == account.Id && e.EventType == DmEventTypes.MessageCreate && e.SenderId != null
                    && conversations.Contains(e.ConversationId))
                .Select(e => new { e.EventId, e.ConversationId, e.SenderId, e.Text, e.CreatedAt })
                .ToListAsync(cancellationToken))
            .Where(e => !batchIds.Contains(e.EventId))
            .Select(e => new DmMessage(e.EventId, e.ConversationId, e.SenderId!, e.Text ?? "", e.CreatedAt))
            .ToList();
        var newMessages = batch.Select(ToMessage).ToList();
        var senderIds = batch.Select(e => e.SenderId!).Distinct(StringComparer.Ordinal).ToList();
        var profiles = await LoadProfilesAsync(account.Id, senderIds, cancellationToken);

        var result = classifier.Classifier.ClassifyIncremental(newMessages, history, profiles, context);
        var byEvent = batch.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        var flagged = 0;
        var changes = new List<ScoreChange>();
        foreach (var verdict in result.Messages)
        {
            if (!byEvent.TryGetValue(verdict.EventId, out var scoredEvent))
            {
                continue;
            }

            var isFlagged = verdict.Score >= threshold;
            flagged += isFlagged ? 1 : 0;
            db.DmScores.Add(new DmScore
            {
                AccountId = account.Id,
                EventId = verdict.EventId,
                Score = verdict.Score,
                Flagged = isFlagged,
                ReasonsJson = JsonSerializer.Serialize(verdict.Reasons, Json),
                TemplateKey = verdict.TemplateKey,
                TemplateSenderCount = verdict.TemplateSenderCount,
                ScoredAt = now,
                ClassifierVersion = ClassifierVersion,
            });
            changes.Add(new ScoreChange(scoredEvent.SenderId!, scoredEvent.CreatedAt, null, new ScoredFacts(verdict.TemplateKey, isFlagged)));
        }

        var scoredSenders = result.Messages.Where(v => byEvent.ContainsKey(v.EventId)).Select(v => v.SenderId).ToHashSet(StringComparer.Ordinal);
        var senders = await UpdateSenderVerdictsAsync(account.Id, result.Messages, scoredSenders, batch, threshold, now, cancellationToken);
        await aggregates.SaveWithScoresAsync(account.Id, changes, cancellationToken);
        db.ChangeTracker.Clear();
        PollingLog.Scored(logger, account.Id, result.Messages.Count, flagged, senders);
        return new ScoreOutcome(result.Messages.Count(v => byEvent.ContainsKey(v.EventId)), flagged, senders);
    }

    /// <summary>
    /// A sender's verdict summarizes all of their scored DMs (the stored ones plus this batch) with the classifier's
    /// own rule; the user's decisions (Status, a Not-automated mark) always win over the score.
    /// </summary>
    private async Task<int> UpdateSenderVerdictsAsync(
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
        var all = stored
            .Select(s => new DmVerdict(s.EventId, s.SenderId!, s.Score, s.Flagged, ReadReasons(s.ReasonsJson), s.TemplateKey, s.TemplateSenderCount))
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

    private static void Apply(DataSenderVerdict row, CoreSenderVerdict summary, DmEvent? latest, double threshold, DateTime now)
    {
        row.Score = summary.Score;
        // Status (Kept / Unfollowed / Muted) is the user's and is never touched here; a Not-automated mark vetoes the flag.
        row.Flagged = row.Mark switch
        {
            DataFeedbackMark.NotAutomated => false,
            DataFeedbackMark.Automated => true,
            _ => summary.Score >= threshold,
        };
        row.TopReasonsJson = JsonSerializer.Serialize(summary.TopReasons.Take(TopReasons), Json);
        row.DmCount = summary.DmCount;
        if (latest is not null && latest.CreatedAt >= row.LatestDmAt)
        {
            row.LatestDmAt = latest.CreatedAt;
            row.LatestDmExcerpt = Excerpt(latest.Text);
        }

        row.UpdatedAt = now;
    }

    private async Task WarmAsync(Account account, InboxContext context, CancellationToken cancellationToken)
    {
        if (classifier.IsWarm(account.Id))
        {
            return;
        }

        // After a restart the shared index has forgotten this inbox: feed it the already-scored messages once, so new
        // DMs are matched against the whole stored history (the verdicts of this call are thrown away).
        var scored = await db.DmEvents.AsNoTracking()
            .Where(e => e.AccountId == account.Id && e.EventType == DmEventTypes.MessageCreate && !e.FromMe
                && e.SenderId != null && e.Score != null)
            .OrderBy(e => e.Sequence)
            .Select(e => new DmMessage(e.EventId, e.ConversationId, e.SenderId!, e.Text ?? "", e.CreatedAt))
            .ToListAsync(cancellationToken);
        if (scored.Count > 0)
        {
            var senderIds = scored.Select(m => m.SenderId).Distinct(StringComparer.Ordinal).ToList();
            var profiles = await LoadProfilesAsync(account.Id, senderIds, cancellationToken);
            _ = classifier.Classifier.Classify(scored, profiles, context);
        }

        classifier.MarkWarm(account.Id);
    }

    private async Task<InboxContext> LoadContextAsync(Account account, CancellationToken cancellationToken)
    {
        var follows = await db.Follows.AsNoTracking()
            .Where(f => f.AccountId == account.Id && f.UnfollowedAt == null)
            .Select(f => new { f.UserId, f.FollowedAt })
            .ToDictionaryAsync(f => f.UserId, f => f.FollowedAt, StringComparer.Ordinal, cancellationToken);
        var allowlist = await db.AllowlistEntries.AsNoTracking()
            .Where(a => a.AccountId == account.Id)
            .Select(a => new { a.UserId, a.Username })
            .ToListAsync(cancellationToken);
        var allowIds = allowlist.Where(a => a.UserId is not null).Select(a => a.UserId!).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in allowlist.Where(a => a.UserId is null))
        {
            // An entry added by handle before we saw the user: resolve it against the profiles we know (handles are case-insensitive).
            var handle = entry.Username.TrimStart('@');
            var resolved = await db.KnownUsers.AsNoTracking()
                .Where(u => u.AccountId == account.Id && EF.Functions.Collate(u.Username, "NOCASE") == handle)
                .Select(u => u.UserId)
                .FirstOrDefaultAsync(cancellationToken);
            if (resolved is not null)
            {
                allowIds.Add(resolved);
            }
        }

        var marks = await db.SenderVerdicts.AsNoTracking()
            .Where(v => v.AccountId == account.Id && v.Mark != null)
            .Select(v => new { v.SenderId, v.Mark, v.UpdatedAt })
            .ToListAsync(cancellationToken);
        var feedback = new FeedbackSet(marks.Select(m => new CoreFeedbackMark(
            m.SenderId,
            m.Mark == DataFeedbackMark.Automated ? FeedbackLabel.Automated : FeedbackLabel.NotAutomated,
            m.UpdatedAt)));
        return new InboxContext(account.Id, account.Username, account.Name, follows, allowIds, feedback);
    }

    private async Task<List<SenderProfile>> LoadProfilesAsync(string accountId, List<string> senderIds, CancellationToken cancellationToken)
    {
        var profiles = new List<SenderProfile>(senderIds.Count);
        foreach (var chunk in senderIds.Chunk(1000))
        {
            var ids = chunk.ToList();
            profiles.AddRange(await db.KnownUsers.AsNoTracking()
                .Where(u => u.AccountId == accountId && ids.Contains(u.UserId))
                .Select(u => new SenderProfile(u.UserId, u.Username, u.Name, u.Description, u.CreatedAt, u.Verified, u.FollowersCount, u.FollowingCount))
                .ToListAsync(cancellationToken));
        }

        return profiles;
    }

    private static DmMessage ToMessage(DmEvent e) => new(e.EventId, e.ConversationId, e.SenderId!, e.Text ?? "", e.CreatedAt);

    private static List<SignalHit> ReadReasons(string json) =>
        JsonSerializer.Deserialize<List<SignalHit>>(json, Json) ?? [];

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

/// <summary>What one scoring run did.</summary>
internal sealed record ScoreOutcome(int Scored, int Flagged, int Senders)
{
    public ScoreOutcome Add(ScoreOutcome other) => new(Scored + other.Scored, Flagged + other.Flagged, Senders + other.Senders);
}
