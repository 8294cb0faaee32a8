using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// The app's model, the same on every provider. Each provider has its own derived context type
/// (<see cref="Sqlite.SqliteAppDbContext"/>, <see cref="PostgreSql.PostgreSqlAppDbContext"/>) only so that each has its
/// own migrations (EF Core finds a context's migrations by its type); the app asks for <see cref="AppDbContext"/>.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<KnownUser> KnownUsers => Set<KnownUser>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<DmEvent> DmEvents => Set<DmEvent>();
    public DbSet<DmScore> DmScores => Set<DmScore>();
    public DbSet<SenderVerdict> SenderVerdicts => Set<SenderVerdict>();
    public DbSet<SenderAction> SenderActions => Set<SenderAction>();
    public DbSet<BulkUnfollowJob> BulkUnfollowJobs => Set<BulkUnfollowJob>();
    public DbSet<PollState> PollStates => Set<PollState>();
    public DbSet<AllowlistEntry> AllowlistEntries => Set<AllowlistEntry>();
    public DbSet<TemplateMember> TemplateMembers => Set<TemplateMember>();
    public DbSet<TemplateStat> TemplateStats => Set<TemplateStat>();
    public DbSet<WeeklyStat> WeeklyStats => Set<WeeklyStat>();
    public DbSet<TemplateSignature> TemplateSignatures => Set<TemplateSignature>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Every timestamp is UTC; providers such as SQLite hand them back as Unspecified, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Enums as text: readable in the database and stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
