using AutoDmGuard.Web.Data.PostgreSql;
using AutoDmGuard.Web.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AutoDmGuard.Web.Data;

public static class DataRegistration
{
    /// <summary>
    /// Registers <see cref="AppDbContext"/> on the configured provider (<see cref="DatabaseOptions.ProviderFrom"/>):
    /// SQLite (a file in the data folder, WAL, busy timeout) unless told PostgreSQL, which needs
    /// ConnectionStrings:AutoDmGuard. The data folder is made either way: it holds the key-encryption certificate of
    /// the Data Protection key ring (Accounts/KeyRing.cs) and the instance id too.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var dataDirectory = ResolveDataDirectory(builder.Configuration, builder.Environment);
        // Every account's DMs and the certificate that decrypts the key ring live here: readable by the app's user only (700, files 600).
        DataFolderPermissions.UseOwnerOnlyFileCreation();
        System.IO.Directory.CreateDirectory(dataDirectory);
        DataFolderPermissions.Restrict(dataDirectory);

        var configured = builder.Configuration.GetConnectionString("AutoDmGuard")
            ?? builder.Configuration[$"{DataOptions.Section}:{nameof(DataOptions.ConnectionString)}"];
        switch (DatabaseOptions.ProviderFrom(builder.Configuration))
        {
            case DatabaseProvider.PostgreSQL:
                var server = configured ?? throw new InvalidOperationException(
                    "Database:Provider is PostgreSQL but ConnectionStrings:AutoDmGuard is not set (Host=…;Database=…;Username=…;Password=…).");
                builder.Services.AddDbContext<AppDbContext, PostgreSqlAppDbContext>((services, o) => ApplyAppConfiguration(services, o.UseNpgsql(server)));
                break;
            default:
                var file = configured ?? new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(dataDirectory, "autodmguard.db"),
                    // Microsoft.Data.Sqlite retries SQLITE_BUSY until this many seconds pass: the dashboard reads while the worker writes.
                    DefaultTimeout = 30,
                    Pooling = true,
                }.ToString();

                // The pragmas (synchronous=NORMAL, secure_delete) hold for every connection, whichever feature opens it.
                builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>((services, o) =>
                    ApplyAppConfiguration(services, o.UseSqlite(file).AddInterceptors(new SqlitePragmasInterceptor())));
                break;
        }

        return builder;
    }

    /// <summary>
    /// What was configured for <see cref="AppDbContext"/> (<c>services.ConfigureDbContext&lt;AppDbContext&gt;(…)</c>, e.g. a
    /// test's fault interceptor) applies to the provider's context type too: EF Core keys those settings by the concrete type.
    /// </summary>
    private static void ApplyAppConfiguration(IServiceProvider services, DbContextOptionsBuilder options)
    {
        foreach (var configuration in services.GetServices<IDbContextOptionsConfiguration<AppDbContext>>())
        {
            configuration.Configure(services, options);
        }
    }

    /// <summary>The absolute data folder (SQLite file, key-encryption certificate, instance id).</summary>
    public static string ResolveDataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[$"{DataOptions.Section}:{nameof(DataOptions.Directory)}"] ?? new DataOptions().Directory;
        return Path.GetFullPath(configured, environment.ContentRootPath);
    }

    /// <summary>Applies pending migrations (never EnsureCreated: migrations are what production runs, so tests run them too).</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the file: set once, readers then never block the writer.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        // Every start, not only on creation: a data folder made by other means (a copy, an older install, a restore)
        // may hold the database and its WAL readable by others (644).
        DataFolderPermissions.Restrict(ResolveDataDirectory(app.Configuration, app.Environment));
    }
}
