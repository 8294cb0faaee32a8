using System.Diagnostics;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// Works off the recovery queue: received MessageCreate events without a DmScore row. Each batch is scored by the
/// classifier with the account's context and written (scores + sender verdicts) in one transaction, after and apart
/// from the events, so a crash between the two writes leaves the events queued here.
/// Then the re-score queue (kept in DmScore, so it survives a crash): DMs whose template cluster gained senders since
/// they were scored, then DMs scored by an older <see cref="ClassifierVersion"/>, at most
/// <see cref="ScoringOptions.MaxRescoredPerPass"/> per pass. First scores and re-scores share one write path.
/// </summary>
internal sealed class DmScorer(
    AppDbContext db,
    ClassifierState classifier,
    ScoreQueue queue,
    InboxContextLoader contexts,
    TemplateIndexSync indexSync,
    SenderVerdictWriter verdictWriter,
    ScoreAggregates aggregates,
    TimeProvider clock,
    IOptions<ScoringOptions> options,
    AppMetrics metrics,
    ILogger<DmScorer> logger)
{
    /// <summary>
    /// Raised whenever the meaning of stored scores changes (rules, the fitted model in Core/Model): scores stored with a
    /// lower version are re-scored in the background (<see cref="ScoreQueue.OlderClassifierVersion"/>).
    /// </summary>
    public const int ClassifierVersion = 13;

    /// <param name="rescoreBatchStored">Run after each re-score batch is committed (the worker's crash checkpoint).</param>
    /// <param name="indexedAheadBatchStored">Run after each batch indexed ahead of scoring is committed (a crash checkpoint too).</param>
    public async Task<ScoreOutcome> ScoreQueueAsync(
        Account account,
        double threshold,
        int batchSize,
        Func<CancellationToken, Task> rescoreBatchStored,
        Func<CancellationToken, Task> indexedAheadBatchStored,
        CancellationToken cancellationToken)
    {
        // Batches are whole conversations (oldest first): a message's conversation is then mostly in its own batch, so
        // each message is analysed about once and a batch's memory stays bounded, however large the backlog.
        var conversations = await queue.UnscoredOf(account.Id)
            .GroupBy(e => e.ConversationId)
            .Select(g => new { ConversationId = g.Key, Count = g.Count(), First = g.Min(e => e.Sequence) })
            .ToListAsync(cancellationToken);
        if (conversations.Count == 0)
        {
            return await RescoreQueueAsync(account, null, threshold, rescoreBatchStored, cancellationToken);
        }

        var context = await contexts.LoadContextAsync(account, cancellationToken);
        await indexSync.PrepareAsync(account, context, cancellationToken);
        var batches = new List<List<string>>();
        var chunk = new List<string>();
        var chunkCount = 0;
        foreach (var conversation in conversations.OrderBy(c => c.First))
        {
            chunk.Add(conversation.ConversationId);
            chunkCount += conversation.Count;
            if (chunkCount >= batchSize)
            {
                batches.Add(chunk);
                (chunk, chunkCount) = ([], 0);
            }
        }

        if (chunk.Count > 0)
        {
            batches.Add(chunk);
        }

        // A backlog of several batches (a backfill) is indexed whole before its first batch is scored: every DM is then
        // scored once, with its template's counts over the whole backlog. Scored batch by batch, an early batch's
        // template DMs would get the counts so far and wait in the re-score queue, worked off a capped number a pass,
        // showing their first verdicts until then (docs/worker.md).
        if (batches.Count > 1)
        {
            foreach (var batch in batches)
            {
                await IndexAheadAsync(account, context, batch, cancellationToken);
                await indexedAheadBatchStored(cancellationToken);
            }
        }

        var total = ScoreOutcome.None;
        foreach (var batch in batches)
        {
            total = total.Add(await ScoreConversationsAsync(account, context, batch, threshold, cancellationToken));
        }

        // In the same pass, so a DM whose template just showed up from other senders is flagged now, not a pass later.
        return total.Add(await RescoreQueueAsync(account, context, threshold, rescoreBatchStored, cancellationToken));
    }

    /// <summary>
    /// Re-scores queued DMs in batches of <see cref="ScoringOptions.RescoreBatchSize"/>, each committed on its own, up to
    /// <see cref="ScoringOptions.MaxRescoredPerPass"/>; what is left stays queued in the database for the next pass.
    /// </summary>
    private async Task<ScoreOutcome> RescoreQueueAsync(
        Account account, InboxContext? context, double threshold, Func<CancellationToken, Task> rescoreBatchStored, CancellationToken cancellationToken)
    {
        var cap = options.Value.MaxRescoredPerPass;
        var total = ScoreOutcome.None;
        var taken = 0;
        while (taken < cap)
        {
            var ids = await queue.NextRescoreBatchAsync(account.Id, Math.Min(options.Value.RescoreBatchSize, cap - taken), cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            taken += ids.Count;
            if (context is null)
            {
                context = await contexts.LoadContextAsync(account, cancellationToken);
                await indexSync.PrepareAsync(account, context, cancellationToken);
            }

            var batch = await db.DmEvents.AsNoTracking()
                .Where(e => e.AccountId == account.Id && ids.Contains(e.EventId))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
            var outcome = await ScoreBatchAsync(account, context, batch, threshold, ids, cancellationToken);
            total = total.Add(outcome);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var pending = await ScoreQueue.CountRescorePendingAsync(db, account.Id, cancellationToken);
                ScoringLog.Rescored(logger, account.Id, outcome.Rescored, outcome.Flagged, outcome.Senders, pending);
            }

            await rescoreBatchStored(cancellationToken);
        }

        return total;
    }

    /// <summary>
    /// Adds the unscored DMs of <paramref name="conversations"/> to the template index without scoring them, and stores
    /// their signatures (for the other instances and a restart) in a transaction of their own: a crash after it leaves
    /// them unscored and indexed, and scoring them later finds them in the index instead of indexing them again.
    /// </summary>
    private async Task IndexAheadAsync(Account account, InboxContext context, List<string> conversations, CancellationToken cancellationToken)
    {
        var messages = (await UnscoredOfAsync(account, conversations, cancellationToken)).Select(ToMessage).ToList();
        var profiles = await contexts.LoadProfilesAsync(account.Id, [.. messages.Select(m => m.SenderId).Distinct(StringComparer.Ordinal)], cancellationToken);
        var generation = classifier.Current;
        generation.Classifier.IndexAhead(messages, profiles, context);
        List<(int Entry, TemplateIndexEntry Dm)> indexed = [];
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            indexed = await indexSync.StoreAsync(generation, account.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            generation.ReturnUnstored(indexed);
            throw;
        }
    }

    private async Task<ScoreOutcome> ScoreConversationsAsync(
        Account account, InboxContext context, List<string> conversations, double threshold, CancellationToken cancellationToken)
    {
        var batch = await UnscoredOfAsync(account, conversations, cancellationToken);
        return batch.Count == 0 ? ScoreOutcome.None : await ScoreBatchAsync(account, context, batch, threshold, null, cancellationToken);
    }

    /// <summary>
    /// The one write path for DM scores and sender verdicts: a first score (<paramref name="rescoring"/> null) adds DmScore
    /// rows, a re-score (<paramref name="rescoring"/> = the queued event ids) updates them in place and takes them off the
    /// queue. Templates this batch made grow queue their earlier DMs (all accounts) in the same transaction.
    /// </summary>
    private async Task<ScoreOutcome> ScoreBatchAsync(
        Account account, InboxContext context, List<DmEvent> batch, double threshold, List<string>? rescoring, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var batchIds = batch.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        var conversations = batch.Select(e => e.ConversationId).Distinct(StringComparer.Ordinal).ToList();
        // Earlier (scored, or the user's own) messages of the same conversations: context, not re-scored.
        var history = (await OfConversations(
                    db.DmEvents.AsNoTracking().Where(e => e.AccountId == account.Id && e.EventType == DmEventTypes.MessageCreate && e.SenderId != null),
                    conversations)
                .Select(e => new { e.EventId, e.ConversationId, e.SenderId, e.Text, e.CreatedAt })
                .ToListAsync(cancellationToken))
            .Where(e => !batchIds.Contains(e.EventId))
            .Select(e => new DmMessage(e.EventId, e.ConversationId, e.SenderId!, e.Text ?? "", e.CreatedAt))
            .ToList();
        var newMessages = batch.Select(ToMessage).ToList();
        var senderIds = batch.Select(e => e.SenderId!).Distinct(StringComparer.Ordinal).ToList();
        var profiles = await contexts.LoadProfilesAsync(account.Id, senderIds, cancellationToken);

        var classifying = Stopwatch.GetTimestamp();
        var generation = classifier.Current;
        var result = generation.Classifier.ClassifyIncremental(newMessages, history, profiles, context);
        metrics.Scored(rescoring is null ? "first" : "rescore", Stopwatch.GetElapsedTime(classifying));
        var byEvent = batch.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        var fresh = generation.WithStoredKeys(result.Messages.Where(v => byEvent.ContainsKey(v.EventId)));
        // A first score is inserted (InsertAsync); a re-score updates the stored rows (tracked, so only what changed is
        // written); a queued id without a verdict (its event is gone) is still taken off the queue, or it would come
        // back every pass.
        var stored = rescoring is null
            ? new Dictionary<string, DmScore>(StringComparer.Ordinal)
            : await db.DmScores.Where(s => s.AccountId == account.Id && rescoring.Contains(s.EventId))
                .ToDictionaryAsync(s => s.EventId, StringComparer.Ordinal, cancellationToken);
        var added = new List<DmScore>();
        var flagged = 0;
        var changes = new List<ScoreChange>(fresh.Count);
        foreach (var verdict in fresh)
        {
            var isFlagged = FlagRule.IsFlagged(verdict.Score, threshold, verdict.Vetoed);
            flagged += isFlagged ? 1 : 0;
            ScoredFacts? before = null;
            if (stored.Remove(verdict.EventId, out var row))
            {
                before = new ScoredFacts(row.TemplateKey, row.Flagged);
            }
            else
            {
                row = new DmScore { AccountId = account.Id, EventId = verdict.EventId };
                added.Add(row);
            }

            var scoredEvent = byEvent[verdict.EventId];
            changes.Add(new ScoreChange(scoredEvent.SenderId!, scoredEvent.CreatedAt, before, new ScoredFacts(verdict.TemplateKey, isFlagged)));
            row.Score = verdict.Score;
            row.Flagged = isFlagged;
            row.ReasonsJson = StoredReasons.Write(verdict.Reasons);
            row.TemplateKey = verdict.TemplateKey;
            row.TemplateSenderCount = verdict.TemplateSenderCount;
            row.ScoredAt = now;
            row.ClassifierVersion = ClassifierVersion;
            row.RescoreQueuedAt = null;
        }

        foreach (var orphan in stored.Values)
        {
            orphan.ClassifierVersion = ClassifierVersion;
            orphan.RescoreQueuedAt = null;
        }

        var scoredSenders = fresh.Select(v => v.SenderId).ToHashSet(StringComparer.Ordinal);
        var senders = await verdictWriter.UpdateAsync(account.Id, fresh, scoredSenders, batch, threshold, now, cancellationToken);
        List<(int Entry, TemplateIndexEntry Dm)> indexed = [];
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Scores, verdicts, the aggregates' deltas (old facts -> new for a re-score) and the DMs this batch added to
            // the template index (for the other instances and the next start) in this one transaction.
            await InsertAsync(added, cancellationToken);
            await aggregates.SaveWithScoresAsync(account.Id, changes, cancellationToken);
            await queue.QueueGrownTemplatesAsync(account.Id, fresh, now, cancellationToken);
            if (rescoring is null)
            {
                await queue.QueueAnsweredSendersAsync(account.Id, fresh, now, cancellationToken);
            }
            indexed = await indexSync.StoreAsync(generation, account.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            generation.ReturnUnstored(indexed);
            throw;
        }

        db.ChangeTracker.Clear();
        if (rescoring is null)
        {
            ScoringLog.Scored(logger, account.Id, fresh.Count, flagged, senders);
            return new ScoreOutcome(fresh.Count, flagged, senders);
        }

        return new ScoreOutcome(0, flagged, senders, fresh.Count);
    }

    /// <summary>
    /// First scores, with one prepared statement in the batch's transaction rather than change tracking, whose work per
    /// entity came on top of SQLite's (SaveChanges took 100-300 ms for a 2,000-DM backfill batch; this saves a few
    /// per cent of the scoring CPU, docs/worker.md).
    /// </summary>
    private async Task InsertAsync(List<DmScore> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var insert = SqlCommands.PrepareInsert<DmScore>(
            db,
            [
                nameof(DmScore.AccountId), nameof(DmScore.EventId), nameof(DmScore.Score), nameof(DmScore.Flagged),
                nameof(DmScore.ReasonsJson), nameof(DmScore.TemplateKey), nameof(DmScore.TemplateSenderCount),
                nameof(DmScore.ScoredAt), nameof(DmScore.ClassifierVersion), nameof(DmScore.RescoreQueuedAt),
            ]);
        foreach (var row in rows)
        {
            insert[nameof(DmScore.AccountId)] = row.AccountId;
            insert[nameof(DmScore.EventId)] = row.EventId;
            insert[nameof(DmScore.Score)] = row.Score;
            insert[nameof(DmScore.Flagged)] = row.Flagged;
            insert[nameof(DmScore.ReasonsJson)] = row.ReasonsJson;
            insert[nameof(DmScore.TemplateKey)] = row.TemplateKey;
            insert[nameof(DmScore.TemplateSenderCount)] = row.TemplateSenderCount;
            insert[nameof(DmScore.ScoredAt)] = row.ScoredAt;
            insert[nameof(DmScore.ClassifierVersion)] = row.ClassifierVersion;
            insert[nameof(DmScore.RescoreQueuedAt)] = row.RescoreQueuedAt;
            await insert.ExecuteAsync(cancellationToken);
        }
    }

    /// <summary>The unscored DMs of <paramref name="conversations"/>, oldest first.</summary>
    private async Task<List<DmEvent>> UnscoredOfAsync(Account account, List<string> conversations, CancellationToken cancellationToken)
    {
        var batch = await OfConversations(queue.UnscoredOf(account.Id), conversations).ToListAsync(cancellationToken);
        batch.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return batch;
    }

    /// <summary>
    /// The account's events of <paramref name="conversations"/>, in conversation order. The order is what makes SQLite
    /// seek the (AccountId, ConversationId, Sequence) index once per conversation: without statistics its planner
    /// prefers the range "SenderId IS NOT NULL" on the sender index, or the Sequence index for an ORDER BY Sequence, and
    /// then reads every event of the account for each batch (250-400 ms a batch at 100k DMs, growing with the inbox).
    /// Callers re-sort in memory when they need another order.
    /// </summary>
    private static IQueryable<DmEvent> OfConversations(IQueryable<DmEvent> events, List<string> conversations) =>
        events.Where(e => conversations.Contains(e.ConversationId)).OrderBy(e => e.ConversationId).ThenBy(e => e.Sequence);

    private static DmMessage ToMessage(DmEvent e) => new(e.EventId, e.ConversationId, e.SenderId!, e.Text ?? "", e.CreatedAt);
}

/// <summary>What one scoring run did.</summary>
internal sealed record ScoreOutcome(int Scored, int Flagged, int Senders, int Rescored = 0)
{
    public static ScoreOutcome None { get; } = new(0, 0, 0);

    public ScoreOutcome Add(ScoreOutcome other) =>
        new(Scored + other.Scored, Flagged + other.Flagged, Senders + other.Senders, Rescored + other.Rescored);
}
