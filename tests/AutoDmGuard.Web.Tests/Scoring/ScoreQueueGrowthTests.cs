using System.Data.Common;
using System.Text.Json;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.Web.Tests.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutoDmGuard.Web.Tests.Scoring;

/// <summary>
/// A large template's growth queues its DMs scored at a smaller sender count; those already queued or scored at the
/// grown count are most of the template and must not be read (on the world's largest template: 11,135 rows read per new
/// DM to change none).
/// </summary>
public sealed class ScoreQueueGrowthTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const int Senders = 40;
    private const int DmsPerSender = 50;

    [Fact]
    public async Task Growth_update_reads_only_the_unqueued_dms_scored_at_a_smaller_count()
    {
        var template = "tpl-" + SenderSeed.NewId();
        var seed = new SenderSeed();
        var texts = Enumerable.Range(0, DmsPerSender).Select(i => "Thanks for the follow! Grab the guide " + i).ToArray();
        var eventIds = new List<string>();
        for (var i = 0; i < Senders; i++)
        {
            eventIds.AddRange(seed.Sender("grower_" + i, 0.5, templateKey: template, texts: texts).EventIds);
        }

        await using var db = database.Create();
        await seed.SaveAsync(db);

        // 2,000 DMs of the template, whose count grows to 41: 1,900 are queued already, 95 were scored at 41, and 5 were
        // scored at 39 and not queued yet: the only rows the growth changes.
        var queuedAt = new DateTime(2026, 11, 26, 13, 0, 0, DateTimeKind.Utc);
        var toQueue = eventIds.Take(5).ToList();
        var current = eventIds.Skip(5).Take(95).ToList();
        await db.DmScores.Where(s => s.AccountId == seed.AccountId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.TemplateSenderCount, 30).SetProperty(s => s.RescoreQueuedAt, queuedAt));
        await db.DmScores.Where(s => s.AccountId == seed.AccountId && toQueue.Contains(s.EventId))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.TemplateSenderCount, 39).SetProperty(s => s.RescoreQueuedAt, (DateTime?)null));
        await db.DmScores.Where(s => s.AccountId == seed.AccountId && current.Contains(s.EventId))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.TemplateSenderCount, 41).SetProperty(s => s.RescoreQueuedAt, (DateTime?)null));
        await db.Database.ExecuteSqlRawAsync(TestDatabase.IsPostgreSql ? "ANALYZE \"DmScores\"" : "ANALYZE");

        await db.Database.OpenConnectionAsync();
        var now = queuedAt.AddHours(1);
        if (TestDatabase.IsPostgreSql)
        {
            // The executed plan, rolled back: the scan of DmScores returns exactly the 5 rows it changes and removes none.
            await using var transaction = await db.Database.BeginTransactionAsync();
            var scans = await ExplainAnalyzeScansAsync(db, transaction.GetDbTransaction(), template, now);
            await transaction.RollbackAsync();
            var scan = Assert.Single(scans);
            Assert.Equal("IX_DmScores_TemplateKey_TemplateSenderCount", scan.Index);
            Assert.Equal(5, scan.ActualRows);
            Assert.Equal(0, scan.RowsRemoved);
        }
        else
        {
            // SQLite's plan: a range of the partial index of unqueued scores, bounded by the template and the count.
            var plan = await ExplainQueryPlanAsync(db, template, now);
            Assert.Contains("USING INDEX IX_DmScores_TemplateKey_TemplateSenderCount (TemplateKey=? AND TemplateSenderCount<?)", plan, StringComparison.Ordinal);
        }

        // And what it does: exactly those 5 are queued, the rest keep their state.
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            AddStatement(command, db, template, now);
            Assert.Equal(5, await command.ExecuteNonQueryAsync());
        }

        var queuedNow = await db.DmScores.Where(s => s.AccountId == seed.AccountId && s.RescoreQueuedAt == now).Select(s => s.EventId).ToListAsync();
        Assert.Equal(toQueue.Order(StringComparer.Ordinal), queuedNow.Order(StringComparer.Ordinal));
        Assert.Equal(95, await db.DmScores.CountAsync(s => s.AccountId == seed.AccountId && s.RescoreQueuedAt == null));
    }

    private static void AddStatement(DbCommand command, AppDbContext db, string template, DateTime now, string prefix = "")
    {
        command.CommandText = prefix + ScoreQueue.QueueGrownSql(db);
        SqlCommands.AddParameter(command, "@now").Value = now;
        SqlCommands.AddParameter(command, "@key").Value = template;
        SqlCommands.AddParameter(command, "@senders").Value = Senders + 1;
    }

    private static async Task<string> ExplainQueryPlanAsync(AppDbContext db, string template, DateTime now)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        AddStatement(command, db, template, now, "EXPLAIN QUERY PLAN ");
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }

    private static async Task<List<(string? Index, long ActualRows, long RowsRemoved)>> ExplainAnalyzeScansAsync(
        AppDbContext db, DbTransaction transaction, string template, DateTime now)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        AddStatement(command, db, template, now, "EXPLAIN (ANALYZE, FORMAT JSON) ");
        var json = (string)(await command.ExecuteScalarAsync())!;
        using var document = JsonDocument.Parse(json);
        var scans = new List<(string?, long, long)>();
        Collect(document.RootElement[0].GetProperty("Plan"));
        return scans;

        void Collect(JsonElement node)
        {
            if (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "DmScores"
                && node.GetProperty("Node Type").GetString() != "ModifyTable")
            {
                var removed = 0L;
                foreach (var name in new[] { "Rows Removed by Filter", "Rows Removed by Index Recheck" })
                {
                    removed += node.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
                }

                scans.Add((node.TryGetProperty("Index Name", out var index) ? index.GetString() : null, node.GetProperty("Actual Rows").GetInt64(), removed));
            }

            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Collect(child);
                }
            }
        }
    }
}
