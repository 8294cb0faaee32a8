using System.Globalization;
using System.Linq.Expressions;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// The scorer's two queues, both kept in the database so they survive a crash: received DMs without a score
/// (<see cref="Unscored"/>), and scored DMs to score again (<see cref="RescorePending"/>: their template gained senders,
/// their sender answered the user, or an older <see cref="DmScorer.ClassifierVersion"/> scored them). The predicates are the one definition the scorer's
/// batches and the health endpoint's counts share.
/// </summary>
internal sealed class ScoreQueue(AppDbContext db, ILogger<ScoreQueue> logger)
{
    /// <summary>Received DMs (from someone else) not scored yet.</summary>
    internal static readonly Expression<Func<DmEvent, bool>> Unscored =
        e => e.EventType == DmEventTypes.MessageCreate && !e.FromMe && e.SenderId != null && e.Score == null;

    /// <summary>
    /// Re-score queue, first part: stored DMs queued since they were scored, because their template gained senders
    /// (<see cref="QueueGrownTemplatesAsync"/>) or their sender answered the user (<see cref="QueueAnsweredSendersAsync"/>).
    /// </summary>
    internal static readonly Expression<Func<DmScore, bool>> Queued = s => s.RescoreQueuedAt != null;

    /// <summary>Re-score queue, second part: stored DMs an older classifier scored (and not already in the first part).</summary>
    internal static readonly Expression<Func<DmScore, bool>> OlderClassifierVersion =
        s => s.RescoreQueuedAt == null && s.ClassifierVersion < DmScorer.ClassifierVersion;

    /// <summary>Either part of the re-score queue.</summary>
    internal static readonly Expression<Func<DmScore, bool>> RescorePending =
        s => s.RescoreQueuedAt != null || s.ClassifierVersion < DmScorer.ClassifierVersion;

    /// <summary>Stored DMs of an account still waiting to be re-scored (the health endpoint's progress figure).</summary>
    public static Task<int> CountRescorePendingAsync(AppDbContext db, string accountId, CancellationToken cancellationToken) =>
        db.DmScores.Where(s => s.AccountId == accountId).CountAsync(RescorePending, cancellationToken);

    /// <summary>An account's unscored DMs (see <see cref="Unscored"/>), untracked.</summary>
    public IQueryable<DmEvent> UnscoredOf(string accountId) =>
        db.DmEvents.AsNoTracking().Where(e => e.AccountId == accountId).Where(Unscored);

    /// <summary>The next queued DMs: those queued for a reason first (oldest queued first), then those an older classifier scored.</summary>
    public async Task<List<string>> NextRescoreBatchAsync(string accountId, int take, CancellationToken cancellationToken)
    {
        var ids = await db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == accountId).Where(Queued)
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

    /// <summary>
    /// This batch's DMs joined template clusters: stored DMs of those clusters (in every account, since the index is
    /// shared) that were scored when the cluster had fewer senders are queued for a re-score. Runs after the batch's own
    /// rows are saved with the current counts, so they are not queued themselves.
    /// </summary>
    public async Task QueueGrownTemplatesAsync(string accountId, List<DmVerdict> verdicts, DateTime now, CancellationToken cancellationToken)
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
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = QueueGrownSql(db);
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
    /// This batch's DMs show real back-and-forth (<see cref="SenderSignals.RealBackAndForth"/>): the user replied and the
    /// sender answered with something written for them, which clears every DM of the sender. Their earlier DMs were
    /// stored with the verdicts they had before the user answered, so the flagged ones are queued for a re-score, which
    /// reads the whole conversation. For first scores only: a re-score's verdicts carry the signal too, and queueing from
    /// them would hand a DM that stays flagged (the user marked the sender) back and forth between passes.
    /// </summary>
    public async Task QueueAnsweredSendersAsync(string accountId, List<DmVerdict> verdicts, DateTime now, CancellationToken cancellationToken)
    {
        var answered = verdicts
            .Where(v => v.Reasons.Any(r => r.Signal == SenderSignals.RealBackAndForth))
            .Select(v => v.SenderId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (answered.Count == 0)
        {
            return;
        }

        var scored = verdicts.Select(v => v.EventId).ToList();
        var queued = await db.DmScores
            .Where(s => s.AccountId == accountId && s.Flagged && s.RescoreQueuedAt == null && !scored.Contains(s.EventId))
            .Where(s => db.DmEvents.Any(e => e.AccountId == accountId && e.EventId == s.EventId && answered.Contains(e.SenderId!)))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RescoreQueuedAt, now), cancellationToken);
        if (queued > 0)
        {
            ScoringLog.AnsweredRescoreQueued(logger, accountId, queued, answered.Count);
        }
    }

    /// <summary>
    /// The growth <c>UPDATE</c> (parameters @now, @key, @senders). Its predicate is the filter and key range of the
    /// (TemplateKey, TemplateSenderCount) partial index of unqueued scores (DmScoreConfiguration), so both providers
    /// read only the rows it changes, in every account (the template index is shared).
    /// </summary>
    internal static string QueueGrownSql(AppDbContext db)
    {
        var scores = SqlNames.For<DmScore>(db);
        return string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE "{scores.Table}" SET "{scores.Column(nameof(DmScore.RescoreQueuedAt))}" = @now
            WHERE "{scores.Column(nameof(DmScore.TemplateKey))}" = @key
              AND "{scores.Column(nameof(DmScore.TemplateSenderCount))}" < @senders
              AND "{scores.Column(nameof(DmScore.RescoreQueuedAt))}" IS NULL
            """);
    }
}
