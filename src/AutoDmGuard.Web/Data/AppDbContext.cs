using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// The app's model, the same on every provider. Each provider has its own derived context type
/// (<see cref="Sqlite.SqliteAppDbContext"/>, <see cref="PostgreSql.PostgreSqlAppDbContext"/>) only so that each has its
/// own migrations (EF Core finds a context's migrations by its type); the app asks for <see cref="AppDbContext"/>.
/// It also holds the Data Protection key ring (<see cref="DataProtectionKeys"/>), so that every app instance on the
/// database reads the cookies and tokens the others protected (docs/operations.md, Several instances).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
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
    public DbSet<SignInState> SignInStates => Set<SignInState>();

    /// <summary>The key ring, each key's XML encrypted with the key-encryption certificate (Accounts/KeyRing.cs).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
