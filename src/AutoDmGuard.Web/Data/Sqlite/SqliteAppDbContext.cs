using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutoDmGuard.Web.Data.Sqlite;

/// <summary>The model on SQLite (the default provider); its migrations are in Data/Sqlite/Migrations.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>
/// Lets `dotnet ef` build the model without running Program.cs: in demo mode Program.cs starts the sandbox host first,
/// and the design-time tools would take that host for the app's.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
