using AutoDmGuard.Web.Data.Sqlite;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Tests.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.PostgreSql;

/// <summary>
/// The same inbox on SQLite (FTS5 trigram) and on PostgreSQL (pg_trgm GIN): every search gives the same senders and
/// the same list order, and PostgreSQL can answer it from its trigram index.
/// </summary>
public sealed class PostgreSqlSearchParityTests(MigratedDatabase postgres) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private readonly string _sqliteFile = Path.Combine(Path.GetTempPath(), "autodmguard-parity-" + Guid.NewGuid().ToString("N") + ".db");
    // The same senders and texts, under fresh ids (in the same order) in each database.
    private readonly SenderSeed _onSqlite = SearchIndexTests.SearchSeed();
    private readonly SenderSeed _onPostgres = SearchIndexTests.SearchSeed();

    public static TheoryData<string> Queries() => new(SearchIndexTests.QueryTexts);

    public async Task InitializeAsync()
    {
        await using (var sqlite = Sqlite())
        {
            await sqlite.Database.MigrateAsync();
            await _onSqlite.SaveAsync(sqlite);
        }

        await using var db = postgres.Create();
        await _onPostgres.SaveAsync(db);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_sqliteFile);
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Results_equal_those_on_sqlite(string query)
    {
        await using var sqlite = Sqlite();
        await using var db = postgres.Create();
        var request = new SenderListRequest(SenderFilter.All, query, 1, 200);

        var expected = await new SenderListQuery(sqlite).RunAsync(_onSqlite.AccountId, request, CancellationToken.None);
        var actual = await new SenderListQuery(db).RunAsync(_onPostgres.AccountId, request, CancellationToken.None);

        Assert.Equal(expected.Rows.Select(r => r.Username), actual.Rows.Select(r => r.Username));
        Assert.Equal(expected.Total, actual.Total);
    }

    [Theory]
    [InlineData("DmEvents", "Text", "IX_DmEvents_Text_Trigram", null)]
    [InlineData("KnownUsers", "Username", "IX_KnownUsers_Username_Trigram", "IX_KnownUsers_AccountId_Username")]
    [InlineData("KnownUsers", "Name", "IX_KnownUsers_Name_Trigram", null)]
    public async Task The_trigram_index_answers_the_search_predicate(string table, string column, string index, string? btree)
    {
        await using var db = postgres.Create();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        // With sequential scans priced out (and, inside this rolled-back transaction, no btree that a full walk could
        // use instead), the plan shows whether the trigram index can serve ILIKE on the column at all: an index of
        // another collation than the predicate's could not. Table, column and index names are this test's constants.
        command.CommandText = "SET LOCAL enable_seqscan = off; "
            + (btree is null ? "" : "DROP INDEX \"" + btree + "\"; ")
            + "EXPLAIN SELECT 1 FROM \"" + table + "\" WHERE \"" + column + "\" ILIKE @pattern ESCAPE '\\'";
        var pattern = command.CreateParameter();
        pattern.ParameterName = "pattern";
        pattern.Value = "%guide%";
        command.Parameters.Add(pattern);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var plan = string.Join('\n', lines);
        await transaction.RollbackAsync();
        Assert.True(plan.Contains(index, StringComparison.Ordinal), plan);
    }

    private SqliteAppDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={_sqliteFile}").Options);
}
