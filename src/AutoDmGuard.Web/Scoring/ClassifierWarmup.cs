using System.Globalization;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// Indexes an account's DMs that were scored before their template signatures were stored (a database from before the
/// shared index): classifies them once, stores their signatures, and renames their stored template keys to the index's.
/// Accounts with signatures need none of this: <see cref="TemplateIndexSync"/> reads the index from the database.
/// </summary>
internal sealed class ClassifierWarmup(
    AppDbContext db, ClassifierState classifier, InboxContextLoader contexts, ScoreAggregates aggregates, TimeProvider clock)
{
    public async Task WarmAsync(Account account, InboxContext context, TemplateIndexSync sync, CancellationToken cancellationToken)
    {
        if (await db.TemplateSignatures.AnyAsync(s => s.AccountId == account.Id, cancellationToken))
        {
            return;
        }

        // The verdicts of this call are thrown away, except their template keys: stored keys are renamed to the index's,
        // or a template's later growth would not find its earlier DMs.
        var scored = await db.DmEvents.AsNoTracking()
            .Where(e => e.AccountId == account.Id && e.EventType == DmEventTypes.MessageCreate && !e.FromMe
                && e.SenderId != null && e.Score != null)
            .OrderBy(e => e.Sequence)
            .Select(e => new DmMessage(e.EventId, e.ConversationId, e.SenderId!, e.Text ?? "", e.CreatedAt))
            .ToListAsync(cancellationToken);
        if (scored.Count == 0)
        {
            return;
        }

        var generation = classifier.Current;
        var senderIds = scored.Select(m => m.SenderId).Distinct(StringComparer.Ordinal).ToList();
        var profiles = await contexts.LoadProfilesAsync(account.Id, senderIds, cancellationToken);
        var warmed = generation.Classifier.Classify(scored, profiles, context);
        classifier.CountReclassified(scored.Count);
        await StoreAndRenameAsync(account.Id, generation, generation.WithStoredKeys(warmed.Messages), sync, cancellationToken);
    }

    private async Task StoreAndRenameAsync(
        string accountId, TemplateIndexGeneration generation, List<DmVerdict> verdicts, TemplateIndexSync sync, CancellationToken cancellationToken)
    {
        List<(int Entry, TemplateIndexEntry Dm)> stored = [];
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            stored = await sync.StoreAsync(generation, accountId, cancellationToken);
            await RenameTemplateKeysAsync(accountId, verdicts, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            generation.ReturnUnstored(stored);
            throw;
        }
    }

    /// <summary>
    /// Gives stored scores the template keys of the index, inside the caller's transaction. The stored sender count is kept (other inboxes may not
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
    }
}
