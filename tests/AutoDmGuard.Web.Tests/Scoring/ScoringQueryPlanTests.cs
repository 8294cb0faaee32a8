using AutoDmGuard.Web.Tests.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Scoring;

/// <summary>
/// The scorer reads each batch's DMs and their conversations' history by conversation id. SQLite has no statistics here,
/// and a plan that reads the account's events by another index tests every stored event of the account for each batch:
/// harmless in a small inbox, most of a 100k-DM backfill's scoring time. So the plans are checked, not the timing.
/// </summary>
public sealed class ScoringQueryPlanTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task The_batch_and_history_reads_seek_the_conversation_index()
    {
        if (TestDatabase.IsPostgreSql)
        {
            // PostgreSQL plans from its statistics; PostgreSqlListPlanTests covers the plans that matter there.
            return;
        }

        var accountId = await ScoreAggregatesTests.SeedUnscoredInboxAsync(database);
        var log = new CommandLog();
        await using var db = database.Create(log);
        var account = await db.Accounts.SingleAsync(a => a.Id == accountId);
        var outcome = await ScoreAggregatesTests.NewScorer(db)
            .ScoreQueueAsync(account, threshold: 0.5, batchSize: 25, _ => Task.CompletedTask, _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(60, outcome.Scored);

        var byConversation = log.Commands
            .Where(c => c.Contains("FROM \"DmEvents\"", StringComparison.Ordinal) && c.Contains("\"ConversationId\" IN (", StringComparison.Ordinal))
            .ToList();
        // Three batches of whole conversations, each with a batch read and a history read.
        Assert.True(byConversation.Count >= 6, string.Join("\n----\n", log.Commands));
        foreach (var sql in byConversation)
        {
            var plan = await SqlitePlans.ExplainAsync(db, sql);
            var eventSteps = plan.Where(p => p.Contains(" d USING ", StringComparison.Ordinal) || p.Contains("SCAN d", StringComparison.Ordinal)).ToList();
            Assert.True(
                eventSteps.Count == 1 && eventSteps[0].Contains("INDEX IX_DmEvents_AccountId_ConversationId_Sequence (AccountId=? AND ConversationId=?)", StringComparison.Ordinal),
                string.Join("\n", plan) + "\n----\n" + sql);
        }
    }
}
