using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Data.PostgreSql;
using AutoDmGuard.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace AutoDmGuard.Web.Tests.Data;

public sealed class DatabaseProviderTests
{
    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("", DatabaseProvider.Sqlite)]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    [InlineData("PostgreSQL", DatabaseProvider.PostgreSQL)]
    [InlineData("postgresql", DatabaseProvider.PostgreSQL)]
    public void The_provider_is_read_by_name_and_SQLite_unless_told(string? configured, DatabaseProvider expected) =>
        Assert.Equal(expected, DatabaseOptions.ProviderFrom(Configuration(configured)));

    [Theory]
    [InlineData("Postgres")]
    [InlineData("1")]
    [InlineData("SqlServer")]
    public void An_unknown_provider_stops_the_start_naming_the_setting(string configured)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => DatabaseOptions.ProviderFrom(Configuration(configured)));
        Assert.Contains("Database:Provider", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A model change without a migration for each provider would start one of them on an old schema.</summary>
    [Fact]
    public void Each_provider_has_migrations_up_to_the_current_model()
    {
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=unused").Options);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite: run dotnet ef migrations add --context SqliteAppDbContext");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL: run dotnet ef migrations add --context PostgreSqlAppDbContext");
        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.NotEmpty(postgres.Database.GetMigrations());
        Assert.Empty(sqlite.Database.GetMigrations().Intersect(postgres.Database.GetMigrations()));
    }

    private static IConfiguration Configuration(string? provider) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = provider }).Build();
}
