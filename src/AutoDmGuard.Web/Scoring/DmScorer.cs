using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CoreFeedbackMark = AutoDmGuard.Core.FeedbackMark;
using CoreSenderVerdict = AutoDmGuard.Core.SenderVerdict;
using DataFeedbackMark = AutoDmGuard.Web.Data.FeedbackMark;
using DataSenderVerdict = AutoDmGuard.Web.Data.SenderVerdict;

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
    ScoreAggregates aggregates,
    TimeProvider clock,
    IOptions<ScoringOptions> options,
    ILogger<DmScorer> logger)
{
    /// <summary>
    /// Bumped when the meaning of stored scores changes (rules, the fitted model in Core/Model), so the worker re-scores
    /// older ones in the background. 2: the fitted model and word model (issue 10).
    /// </summary>
    public const int ClassifierVersion = 2;

    /// <summary>Re-score queue, first part: stored DMs whose template gained senders since they were scored.</summary>
    internal static readonly Expression<Func<DmScore, bool>> TemplateGrown = s => s.RescoreQueuedAt != null;

    /// <summary>Re-score queue, second part: stored DMs an older classifier scored (and not already in the first part).</summary>
    internal static readonly Expression<Func<DmScore, bool>> OlderClassifierVersion =
        s => s.RescoreQueuedAt == null && s.ClassifierVersion < ClassifierVersion;

    /// <summary>Either part of the re-score queue.</summary>
    internal static readonly Expression<Func<DmScore, bool>> RescorePending =
        s => s.RescoreQueuedAt != null || s.ClassifierVersion < ClassifierVersion;

    private const int ExcerptLength = 140;
    private const int TopReasons = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="rescoreBatchStored">Run after each re-score batch is committed (the worker's crash checkpoint).</param>
    public async Task<ScoreOutcome> ScoreQueueAsync(
        Account account, double threshold, int batchSize, Func<CancellationToken, Task> rescoreBatchStored, CancellationToken cancellationToken)
    {
        // Batches are whole conversations (oldest first): a message's conversation is then mostly in its own batch, so
        // each message is analysed about once and a batch's memory stays bounded, however large the backlog.
        var conversations = await Unscored(account.Id)
            .GroupBy(e => e.ConversationId)
            .Select(g => new { ConversationId = g.Key, Count = g.Count(), First = g.Min(e => e.Sequence) })
            .ToListAsync(cancellationToken);
        if (conversations.Count == 0)
        {
            return await RescoreQueueAsync(account, null, threshold, rescoreBatchStored, cancellationToken);
        }

        var context = await LoadContextAsync(account, cancellationToken);
        await WarmAsync(account, context, cancellationToken);
        var total = ScoreOutcome.None;
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
            var ids = await NextRescoreBatchAsync(account.Id, Math.Min(options.Value.RescoreBatchSize, cap - taken), cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            taken += ids.Count;
            if (context is null)
            {
                context = await LoadContextAsync(account, cancellationToken);
                await WarmAsync(account, context, cancellationToken);
            }

            var batch = await db.DmEvents.AsNoTracking()
                .Where(e => e.AccountId == account.Id && ids.Contains(e.EventId))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
            var outcome = await ScoreBatchAsync(account, context, batch, threshold, ids, cancellationToken);
            total = total.Add(outcome);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var pending = await CountRescorePendingAsync(db, account.Id, cancellationToken);
                ScoringLog.Rescored(logger, account.Id, outcome.Rescored, outcome.Flagged, outcome.Senders, pending);
            }

            await rescoreBatchStored(cancellationToken);
        }

        return total;
    }

    /// <summary>The next queued DMs: grown templates first (oldest queued first), then those an older classifier scored.</summary>
    private async Task<List<string>> NextRescoreBatchAsync(string accountId, int take, CancellationToken cancellationToken)
    {
        var ids = await db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == accountId).Where(TemplateGrown)
            .OrderBy(s => s.RescoreQueuedAt).ThenBy(s => s.EventId)
            .Select(s => s.EventId)
            .Take(take)
            .ToListAsync(cancellationToken);
        if (ids.Count < take)
        {
            ids.AddRange(await db.DmScores.AsNoTracking()
                .Where(s => s.AccountId == accountId).Where(OlderClassifierVersion)
                .OrderBy(s => s.EventId)
                .Select(s => s.EventId)
                .Take(take - ids.Count)
                .ToListAsync(cancellationToken));
        }

        return ids;
    }

    /// <summary>Stored DMs of an account still waiting to be re-scored (the health endpoint's progress figure).</summary>
    public static Task<int> CountRescorePendingAsync(AppDbContext db, string accountId, CancellationToken cancellationToken) =>
        db.DmScores.Where(s => s.AccountId == accountId).CountAsync(RescorePending, cancellationToken);

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
        var fresh = result.Messages.Where(v => byEvent.ContainsKey(v.EventId)).ToList();
        // A re-score updates the stored rows (tracked, so only what changed is written); a queued id without a verdict
        // (its event is gone) is still taken off the queue, or it would come back every pass.
        var stored = rescoring is null
            ? new Dictionary<string, DmScore>(StringComparer.Ordinal)
            : await db.DmScores.Where(s => s.AccountId == account.Id && rescoring.Contains(s.EventId))
                .ToDictionaryAsync(s => s.EventId, StringComparer.Ordinal, cancellationToken);
        var flagged = 0;
        var changes = new List<ScoreChange>(fresh.Count);
        foreach (var verdict in fresh)
        {
            var isFlagged = verdict.Score >= threshold;
            flagged += isFlagged ? 1 : 0;
            ScoredFacts? before = null;
            if (stored.Remove(verdict.EventId, out var row))
            {
                before = new ScoredFacts(row.TemplateKey, row.Flagged);
            }
            else
            {
                row = new DmScore { AccountId = account.Id, EventId = verdict.EventId };
                db.DmScores.Add(row);
            }

            var scoredEvent = byEvent[verdict.EventId];
            changes.Add(new ScoreChange(scoredEvent.SenderId!, scoredEvent.CreatedAt, before, new ScoredFacts(verdict.TemplateKey, isFlagged)));
            row.Score = verdict.Score;
            row.Flagged = isFlagged;
            row.ReasonsJson = JsonSerializer.Serialize(verdict.Reasons, Json);
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
        var senders = await UpdateSenderVerdictsAsync(account.Id, fresh, scoredSenders, batch, threshold, now, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Scores, verdicts and the aggregates' deltas (old facts -> new for a re-score) in this one transaction.
            await aggregates.SaveWithScoresAsync(account.Id, changes, cancellationToken);
            await QueueGrownTemplatesAsync(account.Id, fresh, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
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
    /// This batch's DMs joined template clusters: stored DMs of those clusters (in every account, since the index is
    /// shared) that were scored when the cluster had fewer senders are queued for a re-score. Runs after the batch's own
    /// rows are saved with the current counts, so they are not queued themselves.
    /// </summary>
    private async Task QueueGrownTemplatesAsync(string accountId, List<DmVerdict> verdicts, DateTime now, CancellationToken cancellationToken)
    {
        var grown = verdicts
            .Where(v => v.TemplateKey is not null && v.TemplateSenderCount >= 2)
            .GroupBy(v => v.TemplateKey!, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Senders: g.Max(v => v.TemplateSenderCount)))
            .ToList();
        if (grown.Count == 0)
        {
            return;
        }

        var (connection, transaction) = SqlCommands.Current(db);
        var scores = SqlNames.For<DmScore>(db);
        var accounts = SqlNames.For<Account>(db);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // AccountId IN (all accounts) lets SQLite walk the (AccountId, TemplateKey) index once per account.
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE "{scores.Table}" SET "{scores.Column(nameof(DmScore.RescoreQueuedAt))}" = @now
            WHERE "{scores.Column(nameof(DmScore.AccountId))}" IN (SELECT "{accounts.Column(nameof(Account.Id))}" FROM "{accounts.Table}")
              AND "{scores.Column(nameof(DmScore.TemplateKey))}" = @key
              AND "{scores.Column(nameof(DmScore.TemplateSenderCount))}" < @senders
              AND "{scores.Column(nameof(DmScore.RescoreQueuedAt))}" IS NULL
            """);
        SqlCommands.AddParameter(command, "@now").Value = now;
        var key = SqlCommands.AddParameter(command, "@key");
        var senders = SqlCommands.AddParameter(command, "@senders");
        var queued = 0;
        foreach (var (templateKey, senderCount) in grown)
        {
            key.Value = templateKey;
            senders.Value = senderCount;
            queued += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (queued > 0)
        {
            ScoringLog.RescoreQueued(logger, accountId, queued, grown.Count);
        }
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
        // The batch's own stored rows (a re-score) are replaced by their fresh verdicts.
        var freshIds = fresh.Select(v => v.EventId).ToHashSet(StringComparer.Ordinal);
        var all = stored
            .Where(s => !freshIds.Contains(s.EventId))
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
        // DMs are matched against the whole stored history. The verdicts of this call are thrown away, except their
        // template keys: a key names a cluster by its first entry in this process's index, so stored keys are renamed
        // to the new ones, or a template's later growth would not find its earlier DMs.
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
            var warmed = classifier.Classifier.Classify(scored, profiles, context);
            await RenameTemplateKeysAsync(account.Id, warmed.Messages, cancellationToken);
        }

        classifier.MarkWarm(account.Id);
    }

    /// <summary>
    /// Gives stored scores the template keys of the rebuilt index. The stored sender count is kept (other inboxes may not
    /// have been re-fed yet); a cluster already larger than when the DM was scored queues it for a re-score.
    /// </summary>
    private async Task RenameTemplateKeysAsync(string accountId, IReadOnlyList<DmVerdict> verdicts, CancellationToken cancellationToken)
    {
        var stored = await db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == accountId)
            .Select(s => new { s.EventId, s.TemplateKey, s.TemplateSenderCount })
            .ToDictionaryAsync(s => s.EventId, StringComparer.Ordinal, cancellationToken);
        var changed = verdicts
            .Where(v => stored.TryGetValue(v.EventId, out var s)
                && (!string.Equals(s.TemplateKey, v.TemplateKey, StringComparison.Ordinal) || v.TemplateSenderCount > s.TemplateSenderCount))
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (connection, dbTransaction) = SqlCommands.Current(db);
        var scores = SqlNames.For<DmScore>(db);
        await using var command = connection.CreateCommand();
        command.Transaction = dbTransaction;
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE "{scores.Table}" SET "{scores.Column(nameof(DmScore.TemplateKey))}" = @key,
                "{scores.Column(nameof(DmScore.RescoreQueuedAt))}" = CASE WHEN @grown THEN coalesce("{scores.Column(nameof(DmScore.RescoreQueuedAt))}", @now) ELSE "{scores.Column(nameof(DmScore.RescoreQueuedAt))}" END
            WHERE "{scores.Column(nameof(DmScore.AccountId))}" = @account AND "{scores.Column(nameof(DmScore.EventId))}" = @event
            """);
        SqlCommands.AddParameter(command, "@account").Value = accountId;
        SqlCommands.AddParameter(command, "@now").Value = clock.GetUtcNow().UtcDateTime;
        var key = SqlCommands.AddParameter(command, "@key");
        var grown = SqlCommands.AddParameter(command, "@grown");
        var eventId = SqlCommands.AddParameter(command, "@event");
        foreach (var verdict in changed)
        {
            key.Value = (object?)verdict.TemplateKey ?? DBNull.Value;
            grown.Value = verdict.TemplateSenderCount > stored[verdict.EventId].TemplateSenderCount;
            eventId.Value = verdict.EventId;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The aggregates are keyed by template key: recount them under the new names in the same transaction.
        await aggregates.RebuildAsync(accountId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
            // upper() on both sides: the same on SQLite and PostgreSQL (X handles are ASCII).
            var handle = entry.Username.TrimStart('@').ToUpperInvariant();
            var resolved = await db.KnownUsers.AsNoTracking()
#pragma warning disable CA1304, CA1311, CA1862 // Translated to upper() and run by the database: no .NET culture or StringComparison applies.
                .Where(u => u.AccountId == account.Id && u.Username.ToUpper() == handle)
#pragma warning restore CA1304, CA1311, CA1862
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
internal sealed record ScoreOutcome(int Scored, int Flagged, int Senders, int Rescored = 0)
{
    public static ScoreOutcome None { get; } = new(0, 0, 0);

    public ScoreOutcome Add(ScoreOutcome other) =>
        new(Scored + other.Scored, Flagged + other.Flagged, Senders + other.Senders, Rescored + other.Rescored);
}
