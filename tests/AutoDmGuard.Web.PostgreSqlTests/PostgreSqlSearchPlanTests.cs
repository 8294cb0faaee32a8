using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Tests.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.PostgreSql;

/// <summary>
/// How PostgreSQL runs the broad search's walk (the list in score order, each sender tested by key seeks, stopped by
/// the LIMIT): it must test the senders one by one, not read every matching DM first.
/// </summary>
public sealed class PostgreSqlSearchPlanTests(MigratedDatabase postgres) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task The_broad_walk_tests_each_sender_by_key_seek_not_by_a_hashed_pass_over_every_match()
    {
        var seed = new SenderSeed();
        for (var i = 0; i < 600; i++)
        {
            seed.Sender("bot_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.2 + ((i % 400) * 0.002),
                texts: ["Thanks for the follow! A Free Guide for you", "More free guide content", "and another free guide"]);
        }

        await using var db = postgres.Create();
        await seed.SaveAsync(db);
        await db.Database.ExecuteSqlRawAsync("ANALYZE \"SenderVerdicts\", \"DmEvents\", \"KnownUsers\"");
        var flagged = true;
        var view = db.SenderVerdicts.Where(v => v.AccountId == seed.AccountId && v.Flagged == flagged && v.Status == SenderStatus.Active);
        var walk = SearchIndex.WhereSenderContains(db, view, seed.AccountId, "free guide")
            .OrderByDescending(v => v.Score).ThenBy(v => v.SenderId).Take(SenderListQuery.SearchCountLimit + 1);

        await db.Database.OpenConnectionAsync();
        await using var command = walk.CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        // A "hashed SubPlan" runs the EXISTS once over every DM that matches the term (all of them, whatever the LIMIT)
        // and probes a hash table; a plain SubPlan is run per sender of the walk, with the sender's key.
        var plan = string.Join('\n', lines);
        Assert.Contains("SubPlan", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("hashed SubPlan", plan, StringComparison.Ordinal);
        Assert.Contains("IX_DmEvents_AccountId_SenderId_Sequence", plan, StringComparison.Ordinal);
    }
}
