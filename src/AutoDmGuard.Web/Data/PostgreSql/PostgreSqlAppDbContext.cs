using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutoDmGuard.Web.Data.PostgreSql;

/// <summary>
/// The model on PostgreSQL; its migrations are in Data/PostgreSql/Migrations. Adds what only PostgreSQL has: the
/// pg_trgm GIN indexes that answer the dashboard's substring search (<see cref="SearchIndex"/>), the counterpart of
/// SQLite's FTS5 trigram tables, and the "C" collation that makes text compare as on SQLite.
/// </summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Every text column compares and sorts by code point, whatever locale the server's database was created with:
        // the results and orders of SQLite (BINARY), and ILIKE / upper() fold ASCII letters only, as SQLite's LIKE does.
        configurationBuilder.Properties<string>().UseCollation("C");
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasPostgresExtension("pg_trgm");
        // ILIKE '%term%' walks these (any term of three characters or more); the rows are the table's own, so a
        // delete (and "Delete my data", which cascades from Accounts) leaves nothing behind in the index to clean up.
        modelBuilder.Entity<DmEvent>().HasIndex(e => e.Text, "IX_DmEvents_Text_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
        modelBuilder.Entity<KnownUser>().HasIndex(u => u.Username, "IX_KnownUsers_Username_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
        modelBuilder.Entity<KnownUser>().HasIndex(u => u.Name, "IX_KnownUsers_Name_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

/// <summary>For `dotnet ef migrations add --context PostgreSqlAppDbContext`: builds the model, never connects.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=localhost;Database=autodmguard_design").Options);
}
