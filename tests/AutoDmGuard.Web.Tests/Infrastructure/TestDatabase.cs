using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Data.PostgreSql;
using AutoDmGuard.Web.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>
/// The database of one test host or query test, on the provider this test pass runs (<see cref="Provider"/>): this
/// project runs SQLite; AutoDmGuard.Web.PostgreSqlTests compiles the same tests with POSTGRESQL_TESTS and runs them on
/// PostgreSQL (<see cref="PostgresServer"/>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
#if POSTGRESQL_TESTS
    public const DatabaseProvider Provider = DatabaseProvider.PostgreSQL;
#else
    public const DatabaseProvider Provider = DatabaseProvider.Sqlite;
#endif

    private TestDatabase(string connectionString, string? sqliteFile)
    {
        ConnectionString = connectionString;
        SqliteFile = sqliteFile;
    }

    public string ConnectionString { get; }

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? SqliteFile { get; }

    public static bool IsPostgreSql => Provider == DatabaseProvider.PostgreSQL;

    /// <summary>A new empty database: a server database on PostgreSQL, or the given SQLite file (made by the app or <see cref="Open"/>).</summary>
    public static async Task<TestDatabase> CreateAsync(string sqliteFile) =>
        IsPostgreSql ? new TestDatabase(await PostgresServer.CreateDatabaseAsync(), null) : new TestDatabase($"Data Source={sqliteFile}", sqliteFile);

    /// <summary>The settings that point the app at this database (none for the default SQLite file in the data folder).</summary>
    public IEnumerable<KeyValuePair<string, string?>> AppSettings() =>
        IsPostgreSql
            ? [new("Database:Provider", nameof(DatabaseProvider.PostgreSQL)), new("ConnectionStrings:AutoDmGuard", ConnectionString)]
            : [];

    /// <summary>A context of the provider's own type (so its migrations are the ones found), outside any host.</summary>
    public AppDbContext Open(params IInterceptor[] interceptors) =>
        IsPostgreSql
            ? new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(ConnectionString).AddInterceptors(interceptors).Options)
            : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString).AddInterceptors(interceptors).Options);

    public async ValueTask DisposeAsync()
    {
        if (IsPostgreSql)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { SqliteFile!, SqliteFile + "-wal", SqliteFile + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }
}
