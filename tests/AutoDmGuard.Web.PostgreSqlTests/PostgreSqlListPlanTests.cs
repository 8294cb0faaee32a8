using System.Data.Common;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Tests.Data;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace AutoDmGuard.Web.Tests.PostgreSql;

/// <summary>
/// How PostgreSQL reads the list page's user rows and follows: by key, per listed sender, at the server's default
/// planner costs (random_page_cost 4), not by hashing all of the account's follows and users for the page's 50 rows;
/// and for the page's rows only, not for the rows a later page's OFFSET skips.
/// </summary>
public sealed class PostgreSqlListPlanTests(MigratedDatabase postgres) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task The_row_query_seeks_each_listed_senders_user_and_follow_by_key()
    {
        var seed = new SenderSeed();
        for (var i = 0; i < 3000; i++)
        {
            seed.Sender("listed_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.5 + ((i % 400) * 0.001));
        }

        await using (var db = postgres.Create())
        {
            await seed.SaveAsync(db);
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"SenderVerdicts\", \"Follows\", \"KnownUsers\"");
        }

        var capture = new RowQueryCapture();
        string connectionString;
        await using (var db = postgres.Create(capture))
        {
            connectionString = db.Database.GetConnectionString()!;
            var result = await new SenderListQuery(db).RunAsync(seed.AccountId, new SenderListRequest(SenderFilter.Flagged, null, 20, 50), CancellationToken.None);
            Assert.Equal(50, result.Rows.Count);
            Assert.All(result.Rows, r => Assert.True(r.Follow.Following));
        }

        var rowQuery = Assert.IsType<NpgsqlCommand>(capture.RowQuery);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var cost = new NpgsqlCommand("SHOW random_page_cost", connection))
        {
            Assert.Equal("4", await cost.ExecuteScalarAsync());
        }

        rowQuery.Connection = connection;
        rowQuery.CommandText = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + rowQuery.CommandText;
        var lines = new List<string>();
        await using (var reader = await rowQuery.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var plan = string.Join('\n', lines);
        Assert.DoesNotContain("Hash", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("PK_Follows", plan, StringComparison.Ordinal);
        Assert.Contains("PK_KnownUsers", plan, StringComparison.Ordinal);

        // Page 20 skips 950 rows: each key seek runs once per row of the page (loops=50), not per row read.
        var seeks = lines.Where(l => l.Contains("Index Scan using \"PK_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(seeks);
        Assert.All(seeks, l => Assert.Contains("loops=50)", l, StringComparison.Ordinal));
    }

    /// <summary>Keeps a copy of the list's row query (the command that reads the excerpts) with its parameters.</summary>
    private sealed class RowQueryCapture : DbCommandInterceptor
    {
        public DbCommand? RowQuery { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("LatestDmExcerpt", StringComparison.Ordinal))
            {
                RowQuery = ((NpgsqlCommand)command).Clone();
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
