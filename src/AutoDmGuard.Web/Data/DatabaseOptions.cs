namespace AutoDmGuard.Web.Data;

/// <summary>The database engines the app runs on; each has its own migrations (Data/Sqlite, Data/PostgreSql).</summary>
public enum DatabaseProvider
{
    /// <summary>One file in the data folder: the default, nothing to set up (one machine, one person).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by ConnectionStrings:AutoDmGuard: several app instances on one database.</summary>
    PostgreSQL,
}

/// <summary>Section "Database": which engine (<c>--Database:Provider=PostgreSQL</c>); SQLite unless told.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The one reading of Database:Provider (by name, case-insensitive). Anything else stops the start with the
    /// setting's name: a typo must not silently fall back to a SQLite file while the operator expects the shared server.
    /// </summary>
    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[$"{Section}:{nameof(Provider)}"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseOptions().Provider;
        }

        if (!Enum.TryParse<DatabaseProvider>(configured.Trim(), ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider)
            || char.IsDigit(configured.Trim()[0]))
        {
            throw new InvalidOperationException(
                $"{Section}:{nameof(Provider)} is '{configured}'; use one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        return provider;
    }
}
