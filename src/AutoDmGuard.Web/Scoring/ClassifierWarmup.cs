using System.Globalization;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// Feeds an account's stored, scored DMs to the process-wide template index once per process (<see cref="ClassifierState"/>),
/// so new DMs are matched against the whole stored history, and renames stored template keys to the rebuilt index's.
/// </summary>
internal sealed class ClassifierWarmup(
    AppDbContext db, ClassifierState classifier, InboxContextLoader contexts, ScoreAggregates aggregates, TimeProvider clock)
{
    public async Task WarmAsync(Account account, InboxContext context, CancellationToken cancellationToken)
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
            var profiles = await contexts.LoadProfilesAsync(account.Id, senderIds, cancellationToken);
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
}
