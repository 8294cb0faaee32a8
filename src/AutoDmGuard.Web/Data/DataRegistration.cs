using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Data;

public static class DataRegistration
{
    /// <summary>Registers the DbContext on SQLite (file in the data folder, WAL, busy timeout).</summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var dataDirectory = ResolveDataDirectory(builder.Configuration, builder.Environment);
        // Every account's DMs and the key ring live here: readable by the app's user only (700, files 600).
        DataFolderPermissions.UseOwnerOnlyFileCreation();
        System.IO.Directory.CreateDirectory(dataDirectory);
        DataFolderPermissions.Restrict(dataDirectory);

        var connectionString = builder.Configuration.GetConnectionString("AutoDmGuard")
            ?? builder.Configuration[$"{DataOptions.Section}:{nameof(DataOptions.ConnectionString)}"]
            ?? new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDirectory, "autodmguard.db"),
                // Microsoft.Data.Sqlite retries SQLITE_BUSY until this many seconds pass: the dashboard reads while the worker writes.
                DefaultTimeout = 30,
                Pooling = true,
            }.ToString();

        // The pragmas (synchronous=NORMAL, secure_delete) hold for every connection, whichever feature opens it.
        builder.Services.AddDbContext<AppDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmasInterceptor()));
        return builder;
    }

    /// <summary>The absolute data folder (SQLite file, Data Protection keys).</summary>
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
